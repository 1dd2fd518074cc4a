namespace Platform.Build.Local.Images;

/// <summary>One image's full BuildKit output in a file of its own; the console shows it only when that image fails.</summary>
internal sealed class ImageBuildLog : IAsyncDisposable
{
    private readonly TextWriter _writer;

    private ImageBuildLog(string file, TextWriter writer)
    {
        File = file;
        _writer = writer;
    }

    public string File { get; }

    public static ImageBuildLog Create(string directory, string image)
    {
        Directory.CreateDirectory(directory);
        var file = Path.Combine(directory, image + ".log");
        // Synchronized: Docker's stdout and stderr arrive on two threads.
        return new ImageBuildLog(file, TextWriter.Synchronized(new StreamWriter(file, append: false)));
    }

    public void WriteLine(string line) => _writer.WriteLine(line);

    public async Task<string> ReadAllAsync(CancellationToken cancellationToken)
    {
        await _writer.FlushAsync(cancellationToken);
        await using var stream = new FileStream(File, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
        using var reader = new StreamReader(stream);
        return await reader.ReadToEndAsync(cancellationToken);
    }

    public ValueTask DisposeAsync()
    {
        _writer.Dispose();
        return ValueTask.CompletedTask;
    }
}
