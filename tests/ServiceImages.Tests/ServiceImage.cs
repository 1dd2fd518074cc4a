namespace Platform.ServiceImages.Tests;

/// <summary>One service image: where its Dockerfile is and the prefix its routes live under.</summary>
public sealed record ServiceImage(string Name, string RoutePrefix)
{
    public static readonly IReadOnlyList<ServiceImage> All =
    [
        new("auth-service", "/auth"),
        new("user-service", "/users"),
        new("billing-service", "/billing"),
        new("notification-service", "/notify"),
    ];

    public string Dockerfile => $"services/{Name}/Dockerfile";

    // A tag of its own, so the tests never replace an image a developer built as :dev.
    public string Tag => $"platform/{Name}:image-test";

    public override string ToString() => Name;
}
