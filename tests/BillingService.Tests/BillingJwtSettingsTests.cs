using Platform.Testing.Tokens;

namespace Platform.BillingService.Tests;

public sealed class BillingJwtSettingsTests : JwtSettingsTests<Program>;
