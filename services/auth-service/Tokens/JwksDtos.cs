namespace Platform.AuthService.Tokens;

/// <summary>RFC 7517 JSON Web Key Set: public keys only.</summary>
public sealed record JsonWebKeySetDto(IReadOnlyList<PublicJwk> Keys);

/// <summary>An RSA public key (RFC 7518 section 6.3.1): n and e base64url without padding.</summary>
public sealed record PublicJwk(string Kty, string Use, string Alg, string Kid, string N, string E);
