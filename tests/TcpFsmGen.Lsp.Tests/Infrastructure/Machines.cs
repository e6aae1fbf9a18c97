namespace TcpFsmGen.Lsp.Tests.Infrastructure;

/// <summary>Small machines the tests open, and the URIs they use.</summary>
public static class Machines
{
    public const string DoorUri = "file:///work/lsp-tests/door.fsm";

    /// <summary>The door with an unknown event and an unknown state on one line (line 23, TFSM0003 and TFSM0002).</summary>
    public static string BrokenDoor => RepoPaths.Door.Replace("on Lock -> Locked;", "on Lok -> Lockd;");

    /// <summary>A small valid machine with a composite state, a timer, guards and actions.</summary>
    public const string Light =
        "machine Demo.Light;\n" +
        "\n" +
        "events Switch, Dim, Fail;\n" +
        "timer Cool = 5s;\n" +
        "\n" +
        "initial Off;\n" +
        "\n" +
        "state Off {\n" +
        "  on Switch [HasPower] -> On / Click;\n" +
        "  on Switch / Beep;\n" +
        "  ignore Dim, Fail;\n" +
        "}\n" +
        "\n" +
        "state On {\n" +
        "  initial Bright;\n" +
        "  entry / Click;\n" +
        "  on Switch -> Off / Click;\n" +
        "  on Fail -> Broken;\n" +
        "  state Bright {\n" +
        "    on Dim -> Dimmed;\n" +
        "  }\n" +
        "  state Dimmed {\n" +
        "    on Dim -> Bright;\n" +
        "    after Cool -> Off;\n" +
        "  }\n" +
        "}\n" +
        "\n" +
        "final state Broken;\n";

    public const string LightUri = "file:///work/lsp-tests/light.fsm";
}
