using Platform.Testing;

[assembly: AssemblyFixture(typeof(TestRegistry))]
[assembly: TestCollectionOrderer(typeof(Platform.Build.Local.Tests.LongestFirstCollectionOrderer))]
