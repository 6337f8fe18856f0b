/**
 * A single-node Spider cluster inside the JVM, {@link dev.spider.cli.embedded.EmbeddedCluster}:
 * in-process scheduler, storage and liveness clients over one in-memory, lock-guarded job store.
 * Everything but the cluster itself is package-private.
 */
package dev.spider.cli.embedded;
