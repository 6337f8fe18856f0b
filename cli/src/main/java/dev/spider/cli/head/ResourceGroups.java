package dev.spider.cli.head;

import dev.spider.manager.client.ResourceGroupId;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The head's resource groups: who may submit jobs. Each has the id the head gave it (1, 2, ...),
 * the client's external id (unique) and a password, kept only as its SHA-256 digest and compared in
 * constant time. Nothing here is secret from whoever can read the head's memory: the head is a
 * development tool without authentication (docs/cluster.md), and the password only keeps clients
 * from submitting under each other's group by mistake.
 *
 * <p>Thread-safe: every method is synchronized on the instance; none blocks.
 */
final class ResourceGroups {

  /** One group; immutable. */
  private record Group(String externalId, byte[] passwordDigest) {}

  private final Map<ResourceGroupId, Group> groups = new HashMap<>();
  private final Map<String, ResourceGroupId> byExternalId = new HashMap<>();
  private long lastId;

  /**
   * Adds a group.
   *
   * @return its id; empty when a group with this external id exists already
   */
  synchronized Optional<ResourceGroupId> add(String externalId, byte[] password) {
    Objects.requireNonNull(externalId, "externalId");
    if (byExternalId.containsKey(externalId)) {
      return Optional.empty();
    }
    ResourceGroupId id = new ResourceGroupId(++lastId);
    groups.put(id, new Group(externalId, digest(password)));
    byExternalId.put(externalId, id);
    return Optional.of(id);
  }

  /** Whether the head gave out this id. */
  synchronized boolean exists(ResourceGroupId id) {
    return groups.containsKey(id);
  }

  /** Whether this id exists and {@code password} is its password. */
  synchronized boolean verify(ResourceGroupId id, byte[] password) {
    Group group = groups.get(id);
    return group != null && MessageDigest.isEqual(group.passwordDigest(), digest(password));
  }

  private static byte[] digest(byte[] password) {
    try {
      return MessageDigest.getInstance("SHA-256")
          .digest(Objects.requireNonNull(password, "password"));
    } catch (NoSuchAlgorithmException e) {
      // Every Java platform must provide SHA-256 (MessageDigest's specification).
      throw new IllegalStateException("this JVM lacks SHA-256, which every JVM must have", e);
    }
  }
}
