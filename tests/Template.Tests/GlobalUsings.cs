global using AwesomeAssertions;
global using Platform.Template.Tests.CloudFormation;
global using Map = System.Collections.Generic.IReadOnlyDictionary<string, object?>;
