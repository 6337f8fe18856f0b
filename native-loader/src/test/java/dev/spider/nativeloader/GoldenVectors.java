package dev.spider.nativeloader;

import java.util.HexFormat;

/**
 * Golden vectors produced by the real rmp_serde (copied from the project's shared
 * golden-vectors.json; each constant names its entry there).
 */
final class GoldenVectors {

  /** task_context/index_0: job 1, Index(0), instance 13, resource group 2, None. */
  static final byte[] CTX_INDEX_0 = hex("950181a5496e646578000d02c0");

  /** task_context/commit_outputs_3_minus_3. */
  static final byte[] CTX_COMMIT_3_MINUS_3 =
      hex("9501a6436f6d6d69740d029f0002000000010000000301000000ccfd");

  /** wire/empty: zero payloads. */
  static final byte[] WIRE_EMPTY = hex("00000000");

  /** wire/fibonacci_inputs_10. */
  static final byte[] FIBONACCI_INPUTS_10 = hex("01000000010000000a");

  /** wire/fibonacci_outputs_55 (= result/fibonacci_10). */
  static final byte[] FIBONACCI_OUTPUTS_55 = hex("010000000100000037");

  /** wire/sleep_and_echo_inputs_3_paths (= its outputs, = result/sleep_and_echo_3_paths). */
  static final byte[] SLEEP_AND_ECHO_3_PATHS =
      hex(
          "010000004900000093b72f746d702f7370696465722f696e7075742f612e747874b72f746d702f"
              + "7370696465722f696e7075742f622e747874b72f746d702f7370696465722f696e7075742f632e"
              + "747874");

  /** result/always_fail: ExecutionError("always_fail: intentional failure"). */
  static final byte[] ALWAYS_FAIL_ERROR =
      hex(
          "81ae457865637574696f6e4572726f72d920616c776179735f6661696c3a20696e74656e74696f6e616c"
              + "206661696c757265");

  /** result/unknown_task: TaskNotFound("no_such_task"). */
  static final byte[] UNKNOWN_TASK_ERROR =
      hex("81ac5461736b4e6f74466f756e64ac6e6f5f737563685f7461736b");

  private GoldenVectors() {}

  static byte[] hex(String hex) {
    return HexFormat.of().parseHex(hex);
  }
}
