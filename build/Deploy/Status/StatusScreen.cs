using System.Globalization;
using System.Text;
using Platform.Build.Local.Status;

namespace Platform.Build.Deploy.Status;

/// <summary>Status's one screen: the stack, a table of services, the targets, alarms in ALARM, queues, the dashboard, the verdict.</summary>
public static class StatusScreen
{
    public static string Format(EnvironmentStatus status, DateTime now)
    {
        ArgumentNullException.ThrowIfNull(status);
        var text = new StringBuilder();
        text.AppendLine(status.Stack is { } stack
            ? $"{status.Environment}: stack {stack.Name} {stack.Status}, last change {When(stack.LastChange, now)}"
            : $"{status.Environment}: containers on the local Docker engine");
        text.AppendLine();
        text.AppendLine(TextTable.Format(
            ["service", "running/desired", "pending", "rollout", "task definition", "image"],
            status.Services.Select(s => (IReadOnlyList<string>)[s.Name, $"{s.Running}/{s.Desired}", Number(s.Pending), s.Rollout, s.TaskDefinition, s.Image])));
        text.AppendLine();
        text.AppendLine(status.Targets.Count == 0
            ? "targets: none registered"
            : TextTable.Format(["target group", "target", "health", "reason"],
                status.Targets.Select(t => (IReadOnlyList<string>)[t.Service, t.Target, t.State, t.Reason ?? ""])));
        text.AppendLine();
        text.AppendLine(status.Alarms.Count == 0
            ? "alarms in ALARM: none"
            : "alarms in ALARM:" + Environment.NewLine + string.Join(Environment.NewLine, status.Alarms.Select(a => $"  {a.Name} since {When(a.Since, now)}: {a.Reason}")));
        text.AppendLine("queues: " + string.Join("; ", status.Queues.Select(q => $"{q.Name} {Number(q.Visible)} waiting, {Number(q.InFlight)} in flight")));
        if (status.DashboardUrl is { Length: > 0 } url)
            text.AppendLine($"dashboard: {url}");
        text.AppendLine();
        var problems = status.Problems;
        text.Append(problems.Count == 0
            ? "Healthy."
            : $"Unhealthy ({problems.Count}):" + Environment.NewLine + string.Join(Environment.NewLine, problems.Select(p => "  - " + p)));
        return text.ToString();
    }

    static string Number(int value) => value.ToString(CultureInfo.InvariantCulture);

    static string When(DateTime? time, DateTime now) => time is not { } at
        ? "unknown"
        : string.Create(CultureInfo.InvariantCulture, $"{at.ToUniversalTime():yyyy-MM-dd HH:mm:ss}Z ({Ago(now - at.ToUniversalTime())} ago)");

    static string Ago(TimeSpan span) => span.TotalMinutes < 1 ? $"{Math.Max(0, (int)span.TotalSeconds)} s"
        : span.TotalHours < 1 ? $"{(int)span.TotalMinutes} min"
        : span.TotalDays < 1 ? $"{(int)span.TotalHours} h"
        : $"{(int)span.TotalDays} d";
}
