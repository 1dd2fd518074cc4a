// The choice between the local Docker engine and AWS, made once from --env; see build/Platforms.
partial class Build
{
    IPlatformTarget? _platform;

    IPlatformTarget Platform => _platform ??= IsLocal ? new LocalPlatformTarget(this) : new AwsPlatformTarget(this);
}
