/**
 * A single-node Spider cluster inside the JVM, {@link dev.spider.cli.embedded.EmbeddedCluster}:
 * in-process scheduler, storage and liveness clients over one in-memory, lock-guarded job store.
 * Public: the cluster, its three clients (whose methods declare only what they throw), and the
 * types the head's services need ({@link dev.spider.cli.embedded.ManagerStatus}, {@link
 * dev.spider.cli.embedded.JobStateException}); the store and its records are package-private.
 */
package dev.spider.cli.embedded;
