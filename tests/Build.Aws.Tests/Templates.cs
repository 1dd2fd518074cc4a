namespace Platform.Build.Aws.Tests;

internal static class Templates
{
    public const string Platform = """
        AWSTemplateFormatVersion: '2010-09-09'
        Description: Test platform
        Parameters:
          EnvironmentName:
            Type: String
            Description: dev, staging or prod
          ImageTag:
            Type: String
            Default: latest
          DbPassword:
            Type: String
            NoEcho: true
            Default: not-a-secret
        Resources:
          Cluster:
            Type: AWS::ECS::Cluster
            Properties:
              ClusterName: !Sub ${EnvironmentName}-platform
          AuthService:
            Type: AWS::ECS::Service
            Properties:
              Cluster: !Ref Cluster
              TaskDefinition: !Sub auth-service:${ImageTag}
        Outputs:
          AlbDnsName:
            Description: Where the services answer
            Value: !GetAtt Alb.DNSName
        """;

    /// <summary>The platform with one more resource.</summary>
    public static readonly string PlatformWithQueue =
        Platform.Replace("Outputs:\n", "  EventsQueue:\n    Type: AWS::SQS::Queue\nOutputs:\n", StringComparison.Ordinal);

    public const string WithIamRole = """
        Resources:
          TaskRole:
            Type: AWS::IAM::Role
            Properties:
              AssumeRolePolicyDocument: {}
        """;
}
