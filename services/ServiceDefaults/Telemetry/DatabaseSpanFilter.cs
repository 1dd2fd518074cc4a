using System.Diagnostics;
using OpenTelemetry;

namespace Platform.ServiceDefaults.Telemetry;

/// <summary>
/// Keeps Npgsql's spans only inside a trace (a request's, a publish's, a consume's). On their own they are start-up
/// migrations, pool connects and background bookkeeping: a root trace each, every few seconds, that buries the real ones.
/// An activity that is not all-data-requested is never handed to the exporter.
/// </summary>
internal sealed class DatabaseSpanFilter : BaseProcessor<Activity>
{
    public override void OnStart(Activity data)
    {
        if (data.Source.Name == TelemetryExtensions.NpgsqlSourceName && data.Parent is null && data.ParentSpanId == default)
        {
            data.IsAllDataRequested = false;
            data.ActivityTraceFlags &= ~ActivityTraceFlags.Recorded;
        }
    }
}
