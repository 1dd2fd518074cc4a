using System.Text;

namespace BuildCore;

/// <summary>Knows the secret values of this run and masks them in any text.</summary>
public sealed class Redactor
{
    public const string Mask = "***";
    readonly List<string> _secrets = [];
    readonly Lock _lock = new();

    public void Add(object? value)
    {
        var values = value switch
        {
            string s => [s],
            string[] a => a,
            null => [],
            _ => [ValueConverter.Format(value)],
        };
        lock (_lock)
        {
            // Longest first, so a secret containing another is masked whole.
            _secrets.AddRange(values.Where(v => !string.IsNullOrWhiteSpace(v) && !_secrets.Contains(v)));
            _secrets.Sort((a, b) => b.Length.CompareTo(a.Length));
        }
    }

    public string Redact(string text)
    {
        lock (_lock)
        {
            if (_secrets.Count == 0 || string.IsNullOrEmpty(text))
                return text;
            var builder = new StringBuilder(text);
            foreach (var secret in _secrets)
                builder.Replace(secret, Mask);
            return builder.ToString();
        }
    }
}

/// <summary>
/// Every byte of console output passes here: text is held until a line ends, so a secret split over several writes is still
/// masked, then written redacted. Thread-safe because a child's stdout and stderr arrive on two threads.
/// </summary>
public sealed class RedactingWriter(TextWriter inner, Redactor redactor) : TextWriter
{
    readonly StringBuilder _line = new();
    readonly Lock _lock = new();

    public override Encoding Encoding => inner.Encoding;

    public override void Write(char value)
    {
        lock (_lock)
        {
            _line.Append(value);
            if (value == '\n')
                FlushLine();
        }
    }

    public override void Write(string? value)
    {
        if (value is null)
            return;
        lock (_lock)
        {
            _line.Append(value);
            if (value.Contains('\n', StringComparison.Ordinal))
                FlushLine();
        }
    }

    public override void Write(char[] buffer, int index, int count) => Write(new string(buffer, index, count));

    public override void WriteLine(string? value) => Write((value ?? "") + "\n");

    public override void Flush()
    {
        lock (_lock)
        {
            FlushLine(all: true);
            inner.Flush();
        }
    }

    /// <param name="all">Also write a trailing partial line (on Flush); otherwise it waits for the rest of its line.</param>
    void FlushLine(bool all = false)
    {
        var text = _line.ToString();
        var end = all ? text.Length : text.LastIndexOf('\n') + 1;
        if (end <= 0)
            return;
        inner.Write(redactor.Redact(text[..end]));
        _line.Remove(0, end);
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
            Flush();
        base.Dispose(disposing);
    }
}
