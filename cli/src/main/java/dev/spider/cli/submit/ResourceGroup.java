package dev.spider.cli.submit;

import java.util.Objects;
import java.util.UUID;

/**
 * Which resource group a job is registered under: an existing one ({@code --resource-group ID}), or
 * a new one created for the run with {@code AddResourceGroup} and an empty password, as upstream's
 * end-to-end tests do. Upstream refuses a second group of the same external id, so a new group's id
 * is unique per run.
 *
 * <p>Immutable.
 */
public sealed interface ResourceGroup permits ResourceGroup.Existing, ResourceGroup.Create {

  /** A new group for one run: {@code spider-cli-<random UUID>}. */
  static ResourceGroup createForRun() {
    return new Create("spider-cli-" + UUID.randomUUID());
  }

  /**
   * A resource group storage already has.
   *
   * @param id its id (unsigned 64-bit, carried in a {@code long})
   */
  record Existing(long id) implements ResourceGroup {}

  /**
   * A resource group to create.
   *
   * @param externalId {@code external_resource_group_id}, unique in storage
   */
  record Create(String externalId) implements ResourceGroup {
    public Create {
      Objects.requireNonNull(externalId, "externalId");
    }
  }
}
