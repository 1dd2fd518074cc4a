using Platform.Testing;

namespace Platform.AuthService.Tests;

public sealed class AuthResponseHeaderTests(PlatformContainers containers)
    : ResponseHeaderTests<Program>(containers, ServiceInfo.Descriptor);
