namespace TcpFsmGen.Generator;

/// <summary>Names of the pipeline's steps, so tests can check that each one is cached.</summary>
internal static class TrackingNames
{
    public const string Parse = nameof(Parse);
    public const string ReadAttributes = nameof(ReadAttributes);
    public const string Analyze = nameof(Analyze);
    public const string ClassNames = nameof(ClassNames);
    public const string PayloadTypes = nameof(PayloadTypes);
    public const string UserClasses = nameof(UserClasses);
    public const string Machines = nameof(Machines);
    public const string Emit = nameof(Emit);
}
