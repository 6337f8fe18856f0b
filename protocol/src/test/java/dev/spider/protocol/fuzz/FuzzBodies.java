package dev.spider.protocol.fuzz;

import dev.spider.protocol.ProtocolCodec;
import dev.spider.protocol.Request;
import dev.spider.protocol.Response;
import dev.spider.tdl.Version;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

/**
 * Generates frame bodies for the decoder fuzz tests: valid requests and responses, the same with
 * random mutations, random MessagePack trees, random bytes, and the known killers (nesting
 * thousands deep, 2^31 map and array headers, gigabyte str/bin/ext headers, timestamps out of
 * {@code Instant}'s range). Deterministic for a given {@link Random}, so a seed reproduces a run.
 * Public, and shipped in this module's test-jar, for the end-to-end fuzz test of the tests module.
 *
 * <p>Not thread-safe: each run owns its generator and its {@link Random}.
 */
public final class FuzzBodies {

  /** What kind of body a case holds, for failure messages and statistics. */
  public enum Kind {
    VALID_REQUEST,
    MUTATED_REQUEST,
    VALID_RESPONSE,
    MUTATED_RESPONSE,
    RANDOM_VALUE,
    RANDOM_BYTES,
    DEEP_NESTING,
    HUGE_HEADER,
    BAD_TIMESTAMP
  }

  /** One generated body. */
  public record Case(Kind kind, byte[] body) {
    /** The first bytes in hex, enough to recognise the case in a failure message. */
    public String prefix() {
      int n = Math.min(body.length, 48);
      return java.util.HexFormat.of().formatHex(body, 0, n) + (n < body.length ? "..." : "");
    }
  }

  private static final int[] INTERESTING_BYTES = {
    0x00, 0x7f, 0x80, 0x8f, 0x90, 0x9f, 0xc0, 0xc1, 0xc4, 0xc6, 0xc7, 0xc9, 0xcf, 0xd3, 0xd7, 0xd8,
    0xdb, 0xdc, 0xdd, 0xde, 0xdf, 0xff
  };

  private final Random random;

  public FuzzBodies(Random random) {
    this.random = random;
  }

  /** A case of a kind chosen at random. */
  public Case next() {
    Kind[] kinds = Kind.values();
    return next(kinds[random.nextInt(kinds.length)]);
  }

  /** A case of the given kind. */
  public Case next(Kind kind) {
    byte[] body =
        switch (kind) {
          case VALID_REQUEST -> validRequest();
          case MUTATED_REQUEST -> mutate(validRequest());
          case VALID_RESPONSE -> validResponse();
          case MUTATED_RESPONSE -> mutate(validResponse());
          case RANDOM_VALUE -> randomValue();
          case RANDOM_BYTES -> randomBytes(1 + random.nextInt(64));
          case DEEP_NESTING -> requestAround(deep(1000 + random.nextInt(5000)));
          case HUGE_HEADER -> requestAround(hugeHeader());
          case BAD_TIMESTAMP -> requestAround(badTimestamp());
        };
    return new Case(kind, body);
  }

  /** A request the codec writes: Execute, Describe, Interrupt or Shutdown with random fields. */
  public byte[] validRequest() {
    long seq = seq();
    Request request =
        switch (random.nextInt(4)) {
          case 0 ->
              new Request.Execute(
                  seq, word(), word(), randomBytes(random.nextInt(40)), wire(random.nextInt(3)));
          case 1 -> new Request.Describe(seq, word());
          case 2 -> new Request.Interrupt(seq);
          default -> new Request.Shutdown();
        };
    return ProtocolCodec.encode(request);
  }

  /** A response the codec writes: a Result or a Hello. */
  public byte[] validResponse() {
    Response response =
        random.nextInt(5) == 0
            ? new Response.Hello(1, new Version(0, 1, random.nextInt(5)), random.nextInt(1 << 22))
            : new Response.Result(
                seq(), random.nextBoolean(), randomBytes(random.nextInt(40)), random.nextInt(9999));
    return ProtocolCodec.encode(response);
  }

  /** Between one and eight random edits: flips, interesting bytes, cuts, insertions, copies. */
  public byte[] mutate(byte[] body) {
    byte[] b = body;
    int edits = 1 + random.nextInt(8);
    for (int e = 0; e < edits && b.length > 0; e++) {
      int at = random.nextInt(b.length);
      switch (random.nextInt(6)) {
        case 0 -> b[at] ^= (byte) (1 << random.nextInt(8));
        case 1 -> b[at] = (byte) INTERESTING_BYTES[random.nextInt(INTERESTING_BYTES.length)];
        case 2 -> b = Arrays.copyOf(b, Math.max(1, at));
        case 3 -> b = splice(b, at, hugeHeader());
        case 4 -> b = splice(b, at, Arrays.copyOfRange(b, at, Math.min(b.length, at + 8)));
        default -> b[at] = (byte) random.nextInt(256);
      }
    }
    return b;
  }

  /** {@code [tag, seq, inner]}: a hostile value where a request's third element goes. */
  private byte[] requestAround(byte[] inner) {
    if (random.nextInt(4) == 0) {
      return inner;
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.write(0x93);
    out.write(random.nextInt(4));
    out.writeBytes(uint(seq()));
    out.writeBytes(inner);
    return out.toByteArray();
  }

  /** Arrays and one-entry maps nested {@code depth} levels, around nil. */
  private byte[] deep(int depth) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(depth * 2 + 1);
    boolean maps = random.nextBoolean();
    for (int i = 0; i < depth; i++) {
      if (maps && random.nextBoolean()) {
        out.write(0x81);
        out.write(0x01); // key
      } else {
        out.write(0x91);
      }
    }
    out.write(0xc0);
    return out.toByteArray();
  }

  /** A header declaring far more than follows: counts near 2^31 or 2^32, lengths of gigabytes. */
  private byte[] hugeHeader() {
    int[] markers = {0xdc, 0xdd, 0xde, 0xdf, 0xc5, 0xc6, 0xda, 0xdb, 0xc8, 0xc9};
    int marker = markers[random.nextInt(markers.length)];
    int sizeBytes =
        switch (marker) {
          case 0xdc, 0xde, 0xc5, 0xda, 0xc8 -> 2;
          default -> 4;
        };
    long size = sizeBytes == 2 ? 0xffff - random.nextInt(16) : 0x7fffffffL + random.nextInt(3) - 1;
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.write(marker);
    for (int i = sizeBytes - 1; i >= 0; i--) {
      out.write((int) (size >>> (8 * i)));
    }
    if (marker == 0xc8 || marker == 0xc9) {
      out.write(random.nextInt(256)); // ext type
    }
    out.writeBytes(randomBytes(random.nextInt(10)));
    return out.toByteArray();
  }

  /** A timestamp96 whose seconds or nanoseconds {@code Instant} cannot hold. */
  private byte[] badTimestamp() {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.writeBytes(new byte[] {(byte) 0xc7, 12, (byte) 0xff});
    long nanos = random.nextBoolean() ? 0xffffffffL : random.nextInt(1_000_000_000);
    long seconds = random.nextBoolean() ? Long.MAX_VALUE - random.nextInt(9) : Long.MIN_VALUE;
    for (int i = 3; i >= 0; i--) {
      out.write((int) (nanos >>> (8 * i)));
    }
    for (int i = 7; i >= 0; i--) {
      out.write((int) (seconds >>> (8 * i)));
    }
    return out.toByteArray();
  }

  /** A random MessagePack tree of every type, extensions and timestamps included. */
  private byte[] randomValue() {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    value(out, 0);
    return out.toByteArray();
  }

  private void value(ByteArrayOutputStream out, int depth) {
    int choice = random.nextInt(depth > 5 ? 8 : 11);
    switch (choice) {
      case 0 -> out.write(0xc0);
      case 1 -> out.write(random.nextBoolean() ? 0xc2 : 0xc3);
      case 2 ->
          out.writeBytes(uint(random.nextBoolean() ? random.nextInt(200) : random.nextLong()));
      case 3 -> out.write(0xe0 | random.nextInt(32)); // negative fixint
      case 4 -> {
        byte[] s = word().getBytes(StandardCharsets.UTF_8);
        out.write(0xa0 | s.length);
        out.writeBytes(s);
      }
      case 5 -> {
        byte[] bin = randomBytes(random.nextInt(20));
        out.write(0xc4);
        out.write(bin.length);
        out.writeBytes(bin);
      }
      case 6 -> {
        out.write(0xd6); // fixext4: a timestamp32 or another type
        out.write(random.nextBoolean() ? 0xff : random.nextInt(128));
        out.writeBytes(randomBytes(4));
      }
      case 7 -> {
        out.write(0xcb);
        out.writeBytes(randomBytes(8));
      }
      case 8, 9 -> {
        int n = random.nextInt(6);
        out.write(0x90 | n);
        for (int i = 0; i < n; i++) {
          value(out, depth + 1);
        }
      }
      default -> {
        int n = random.nextInt(4);
        out.write(0x80 | n);
        for (int i = 0; i < 2 * n; i++) {
          value(out, depth + 1);
        }
      }
    }
  }

  private byte[] wire(int count) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.writeBytes(new byte[] {(byte) count, 0, 0, 0});
    for (int i = 0; i < count; i++) {
      byte[] payload = random.nextBoolean() ? new byte[] {0x2a} : randomValue();
      int n = payload.length;
      out.writeBytes(new byte[] {(byte) n, (byte) (n >>> 8), (byte) (n >>> 16), (byte) (n >>> 24)});
      out.writeBytes(payload);
    }
    return out.toByteArray();
  }

  private long seq() {
    return switch (random.nextInt(3)) {
      case 0 -> random.nextInt(100);
      case 1 -> random.nextLong() & Long.MAX_VALUE;
      default -> random.nextLong(); // negative: u64 above Long.MAX_VALUE
    };
  }

  private String word() {
    List<String> words = List.of("add", "p", "hostile_tasks", "é", "integration_test_tasks", "");
    return words.get(random.nextInt(words.size()));
  }

  private byte[] randomBytes(int n) {
    byte[] b = new byte[n];
    random.nextBytes(b);
    return b;
  }

  /** An unsigned integer in msgpack's uint64 form (or fixint when small). */
  private static byte[] uint(long value) {
    if (value >= 0 && value < 128) {
      return new byte[] {(byte) value};
    }
    byte[] b = new byte[9];
    b[0] = (byte) 0xcf;
    for (int i = 0; i < 8; i++) {
      b[1 + i] = (byte) (value >>> (56 - 8 * i));
    }
    return b;
  }

  private static byte[] splice(byte[] b, int at, byte[] insert) {
    byte[] out = new byte[b.length + insert.length];
    System.arraycopy(b, 0, out, 0, at);
    System.arraycopy(insert, 0, out, at, insert.length);
    System.arraycopy(b, at, out, at + insert.length, b.length - at);
    return out;
  }
}
