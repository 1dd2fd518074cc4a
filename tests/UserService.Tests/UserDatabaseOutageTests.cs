using Platform.UserService;
using Platform.Testing;

namespace Platform.UserService.Tests;

public sealed class UserDatabaseOutageTests(PlatformContainers containers, DedicatedPostgres postgres)
    : DatabaseOutageTests<Program>(containers, postgres, ServiceInfo.Descriptor);
