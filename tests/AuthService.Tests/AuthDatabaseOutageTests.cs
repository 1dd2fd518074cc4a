using Platform.AuthService;
using Platform.Testing;

namespace Platform.AuthService.Tests;

public sealed class AuthDatabaseOutageTests(PlatformContainers containers, DedicatedPostgres postgres)
    : DatabaseOutageTests<Program>(containers, postgres, ServiceInfo.Descriptor);
