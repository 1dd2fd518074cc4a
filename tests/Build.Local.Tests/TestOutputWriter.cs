using System.Text;

namespace Platform.Build.Local.Tests;

/// <summary>The library's console output, line by line into the test's output (and kept for assertions).</summary>
internal sealed class TestOutputWriter(ITestOutputHelper output) : TextWriter
{
    private readonly StringBuilder _line = new();
    private readonly StringBuilder _all = new();
    private readonly Lock _gate = new();

    public override Encoding Encoding => Encoding.UTF8;

    public string Text
    {
        get
        {
            lock (_gate)
            {
                return _all.ToString();
            }
        }
    }

    public override void Write(char value)
    {
        lock (_gate)
        {
            _all.Append(value);
            if (value == '\n')
            {
                output.WriteLine($"{DateTime.UtcNow:HH:mm:ss} {_line.ToString().TrimEnd('\r')}");
                _line.Clear();
            }
            else
            {
                _line.Append(value);
            }
        }
    }
}
