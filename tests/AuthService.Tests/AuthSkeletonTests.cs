using Platform.AuthService;
using Platform.Testing;

namespace Platform.AuthService.Tests;

public sealed class AuthSkeletonTests(PlatformContainers containers)
    : ServiceSkeletonTests<Program>(containers, ServiceInfo.Descriptor);
