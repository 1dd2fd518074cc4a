using Platform.Testing.Tokens;

namespace Platform.NotificationService.Tests;

public sealed class NotifyJwtSettingsTests : JwtSettingsTests<Program>;
