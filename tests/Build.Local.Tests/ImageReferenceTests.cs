using AwesomeAssertions;
using Platform.Build.Local.Registry;

namespace Platform.Build.Local.Tests;

public class ImageReferenceTests
{
    [Fact]
    public void ALocalRegistryIsReachedOverPlainHttp()
    {
        var image = ImageReference.Parse("127.0.0.1:5000/platform/auth-service:abc");

        image.Should().Be(new ImageReference("127.0.0.1:5000", "platform/auth-service", "abc"));
        image.BaseUri.Should().Be(new Uri("http://127.0.0.1:5000/"));
    }

    [Fact]
    public void EcrIsReachedOverHttps()
    {
        var image = ImageReference.Parse("123456789012.dkr.ecr.eu-west-1.amazonaws.com/dev/auth-service:abc");

        image.Repository.Should().Be("dev/auth-service");
        image.BaseUri.Should().Be(new Uri("https://123456789012.dkr.ecr.eu-west-1.amazonaws.com/"));
    }

    [Theory]
    [InlineData("platform/auth-service:dev", "names no registry host")]
    [InlineData("127.0.0.1:5000/platform/auth-service", "has no tag")]
    public void AnImageWithoutRegistryOrTagIsRejected(string image, string reason)
    {
        var parse = () => ImageReference.Parse(image);

        parse.Should().Throw<PlatformException>().WithMessage($"image '{image}' {reason}*");
    }

    [Fact]
    public void CredentialsNeverPrintThePassword()
    {
        new RegistryCredentials("r.example.com", "AWS", "s3cret").ToString().Should().Be("AWS@r.example.com");
    }
}
