using Platform.Testing;

[assembly: AssemblyFixture(typeof(TestRegistry))]
