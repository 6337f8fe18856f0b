package dev.spider.cli.types;

import dev.spider.cli.types.TdlType.ListOf;
import dev.spider.cli.types.TdlType.MapOf;
import dev.spider.cli.types.TdlType.OptionOf;
import dev.spider.cli.types.TdlType.Scalar;

/**
 * Whether every value of one TDL type is a value of another, as the values travel: integers in
 * their smallest MessagePack form, so {@code int32} fits {@code int64} and {@code uint8} fits
 * {@code int16}; a {@code T} fits {@code option<T>}; containers element by element. Used to check a
 * job file's declared types against a package's signatures (docs/cli.md, "spider packages and task
 * signatures") without refusing a job that would run.
 *
 * <p>Stateless and thread-safe.
 */
public final class TypeWidening {

  private TypeWidening() {}

  /** Whether every value of {@code from} is a value of {@code to}. */
  public static boolean fits(TdlType from, TdlType to) {
    if (from.equals(to)) {
      return true;
    }
    if (to instanceof OptionOf option) {
      return from instanceof OptionOf inner
          ? fits(inner.inner(), option.inner())
          : fits(from, option.inner());
    }
    if (from instanceof ListOf a && to instanceof ListOf b) {
      return fits(a.element(), b.element());
    }
    if (from instanceof MapOf a && to instanceof MapOf b) {
      return fits(a.key(), b.key()) && fits(a.value(), b.value());
    }
    if (from instanceof Scalar a && to instanceof Scalar b) {
      if (a.isInteger() && b.isInteger()) {
        return b.min().compareTo(a.min()) <= 0 && b.max().compareTo(a.max()) >= 0;
      }
      return a == Scalar.FLOAT && b == Scalar.DOUBLE;
    }
    return false;
  }
}
