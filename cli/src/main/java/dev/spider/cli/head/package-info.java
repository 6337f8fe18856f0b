/**
 * {@code spider head}: the embedded cluster ({@link dev.spider.cli.embedded.EmbeddedCluster})
 * served as Spider's storage and scheduler gRPC services, with upstream's status codes and
 * messages, so upstream's and this project's execution managers and clients use it as they would a
 * real cluster (docs/cluster.md). {@link dev.spider.cli.head.Head} starts and stops it; {@link
 * dev.spider.cli.head.HeadCommand} is the command. One package-private service class per gRPC
 * service adapts the cluster's clients and checks what upstream checks; everything else is
 * package-private too.
 *
 * <p>What it is not: a single in-memory process, it is no replacement for Spider's storage and
 * scheduler in production.
 */
package dev.spider.cli.head;
