package dev.spider.cli.head;

import dev.spider.cluster.proto.common.Void;
import dev.spider.cluster.proto.storage.AddResourceGroupRequest;
import dev.spider.cluster.proto.storage.ResourceGroupIdResponse;
import dev.spider.cluster.proto.storage.ResourceGroupManagementServiceGrpc;
import dev.spider.cluster.proto.storage.VerifyResourceGroupRequest;
import dev.spider.manager.client.ResourceGroupId;
import io.grpc.stub.StreamObserver;
import java.util.Objects;

/**
 * {@code storage.ResourceGroupManagementService}: adding a resource group answers its new id, or
 * {@code ALREADY_EXISTS} for an external id added before; verifying one answers {@code
 * UNAUTHENTICATED "invalid resource group"} for an unknown id or a wrong password, as upstream
 * does.
 *
 * <p>Thread-safe: its only state is the {@link ResourceGroups}.
 */
final class ResourceGroupService
    extends ResourceGroupManagementServiceGrpc.ResourceGroupManagementServiceImplBase {

  private static final String SERVICE = "storage.ResourceGroupManagementService/";

  private final ResourceGroups groups;

  ResourceGroupService(ResourceGroups groups) {
    this.groups = Objects.requireNonNull(groups, "groups");
  }

  @Override
  public void addResourceGroup(
      AddResourceGroupRequest request, StreamObserver<ResourceGroupIdResponse> observer) {
    Calls.answer(
        observer,
        SERVICE + "AddResourceGroup",
        Statuses.STORAGE_INTERNAL,
        () -> {
          String externalId = request.getExternalResourceGroupId();
          ResourceGroupId id =
              groups
                  .add(externalId, request.getPassword().toByteArray())
                  .orElseThrow(() -> Statuses.resourceGroupExists(externalId));
          return ResourceGroupIdResponse.newBuilder().setResourceGroupId(id.value()).build();
        });
  }

  @Override
  public void verifyResourceGroup(
      VerifyResourceGroupRequest request, StreamObserver<Void> observer) {
    Calls.answer(
        observer,
        SERVICE + "VerifyResourceGroup",
        Statuses.STORAGE_INTERNAL,
        () -> {
          ResourceGroupId id = new ResourceGroupId(request.getResourceGroupId());
          if (!groups.verify(id, request.getPassword().toByteArray())) {
            throw Statuses.invalidResourceGroup();
          }
          return Protos.VOID;
        });
  }
}
