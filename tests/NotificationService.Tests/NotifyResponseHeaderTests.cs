using Platform.Testing;

namespace Platform.NotificationService.Tests;

public sealed class NotifyResponseHeaderTests(PlatformContainers containers)
    : ResponseHeaderTests<Program>(containers, ServiceInfo.Descriptor);
