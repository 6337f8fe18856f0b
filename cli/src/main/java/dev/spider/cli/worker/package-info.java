/**
 * {@code spider worker --config worker.yaml}: the Java execution manager as a drop-in worker of a
 * Spider cluster (docs/cluster.md; every key in docs/cli.md, "spider worker").
 *
 * <p>{@link dev.spider.cli.worker.WorkerCommand} (the only public class) reads the file with {@code
 * WorkerConfigReader} — upstream's keys through {@code LocatedYaml} and {@code YamlSection}, the
 * Java-only {@code jvm} section through {@code JvmSectionReader}, the executor through {@code
 * ExecutorJarResolver} — into a {@code WorkerConfig}, which yields the settings of the gRPC clients
 * ({@code GrpcClusterConfig}), the runtime ({@code RuntimeConfig}) and the executor pool ({@code
 * PoolConfig}). {@code Worker} starts and stops the three; {@code SignalShutdown} turns SIGINT and
 * SIGTERM into a graceful stop and exit status 0; {@code ExecutorOutput} copies executor output to
 * stdout.
 */
package dev.spider.cli.worker;
