using Platform.Testing;

// One PostgreSQL and one SQS emulator for every test in this assembly.
[assembly: AssemblyFixture(typeof(PlatformContainers))]
