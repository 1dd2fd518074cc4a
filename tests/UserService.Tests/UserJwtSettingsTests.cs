using Platform.Testing.Tokens;

namespace Platform.UserService.Tests;

public sealed class UserJwtSettingsTests : JwtSettingsTests<Program>;
