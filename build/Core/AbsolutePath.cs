namespace BuildCore;

/// <summary>Nuke's <c>RootDirectory / "artifacts"</c> idiom, so paths read the same after a move to Nuke.</summary>
public sealed record AbsolutePath
{
    public AbsolutePath(string path) => Value = Path.GetFullPath(path);

    public string Value { get; }

    public string Name => Path.GetFileName(Value);

    public static AbsolutePath operator /(AbsolutePath left, string right) => new(Path.Combine(left.Value, right));

    public static implicit operator string(AbsolutePath path) => path.Value;

    public bool DirectoryExists() => Directory.Exists(Value);

    public bool FileExists() => File.Exists(Value);

    public override string ToString() => Value;
}
