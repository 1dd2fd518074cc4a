namespace Platform.Testing;

/// <summary>
/// One build of the service images at a time on this machine, across test processes. ServiceImages.Tests and
/// Build.Local.Tests build the same Dockerfiles; side by side each compiled every service in its own container (about
/// 13 CPU-seconds an image on the 2-core CI machine, 2026-12-01), while a build after another one is a layer-cache hit
/// (0.1 s). The lock is an advisory file lock (FileShare.None is flock on Linux), so a crashed holder releases it.
/// </summary>
public static class ImageBuildLock
{
    private static readonly string LockFile = Path.Combine(Path.GetTempPath(), "platform-tests-image-build.lock");

    public static async Task<IDisposable> AcquireAsync(CancellationToken cancellationToken)
    {
        while (true)
        {
            try
            {
                return new FileStream(LockFile, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
            }
            catch (IOException)
            {
                await Task.Delay(TimeSpan.FromMilliseconds(250), cancellationToken);
            }
        }
    }
}
