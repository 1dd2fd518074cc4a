using Platform.Testing;

namespace Platform.UserService.Tests;

public sealed class UserResponseHeaderTests(PlatformContainers containers)
    : ResponseHeaderTests<Program>(containers, ServiceInfo.Descriptor);
