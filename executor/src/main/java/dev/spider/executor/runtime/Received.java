package dev.spider.executor.runtime;

import dev.spider.protocol.Request;

/**
 * A request and when it was decoded, so {@code elapsed_us} runs from "request decoded" as the
 * protocol defines it, including the hand-over of reading stdin to another thread.
 */
record Received(Request request, long decodedNanos) {}
