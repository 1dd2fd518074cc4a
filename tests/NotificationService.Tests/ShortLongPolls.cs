using System.Runtime.CompilerServices;

namespace Platform.NotificationService.Tests;

/// <summary>
/// A stopping consumer finishes its in-flight long poll (graceful shutdown), so every test host's stop would wait up to
/// SQS's 20 s: this assembly's hosts poll for 1 s instead, through the same configuration key a task could set
/// (Consumer__WaitTimeSeconds). Tests of the shutdown itself set their own wait (NotifyHost.Start).
/// </summary>
internal static class ShortLongPolls
{
    [ModuleInitializer]
    internal static void Apply() => Environment.SetEnvironmentVariable("Consumer__WaitTimeSeconds", "1");
}
