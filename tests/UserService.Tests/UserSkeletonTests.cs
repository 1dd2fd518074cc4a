using Platform.UserService;
using Platform.Testing;

namespace Platform.UserService.Tests;

public sealed class UserSkeletonTests(PlatformContainers containers)
    : ServiceSkeletonTests<Program>(containers, ServiceInfo.Descriptor);
