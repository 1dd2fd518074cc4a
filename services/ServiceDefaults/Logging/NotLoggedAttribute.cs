namespace Platform.ServiceDefaults.Logging;

/// <summary>Endpoint metadata: <see cref="RequestLogMiddleware"/> writes no line for requests to it.</summary>
[AttributeUsage(AttributeTargets.Method | AttributeTargets.Class)]
public sealed class NotLoggedAttribute : Attribute;
