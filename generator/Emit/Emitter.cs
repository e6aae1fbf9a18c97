using System.Threading;
using TcpFsmGen.Generator.Pipeline;

namespace TcpFsmGen.Generator.Emit;

/// <summary>The one emit step: the machine, or the outline of its class, as the pipeline decided.</summary>
internal static class Emitter
{
    public static GeneratedSource Emit(EmitRequest request, CancellationToken cancellationToken = default)
        => request.Kind == EmitKind.Machine ? MachineEmitter.Emit(request, cancellationToken) : OutlineEmitter.Emit(request);
}
