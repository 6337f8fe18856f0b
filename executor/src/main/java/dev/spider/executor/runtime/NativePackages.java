package dev.spider.executor.runtime;

import dev.spider.executor.packages.NativeTaskPackage;
import dev.spider.executor.packages.PackageRegistry;

/** The native package loader of this build: the JNA loader of the native-loader module. */
final class NativePackages {

  private NativePackages() {}

  static PackageRegistry.NativeLoader loader() {
    return NativeTaskPackage::load;
  }
}
