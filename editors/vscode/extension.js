// Starts `dsl lsp` for .flow files (and the YAML form) and offers the state diagram as a command.
const vscode = require("vscode");
const { LanguageClient } = require("vscode-languageclient/node");

let client;

function activate(context) {
  const command = vscode.workspace.getConfiguration("flow").get("server.path", "dsl");
  const server = { command, args: ["lsp"] };
  client = new LanguageClient(
    "flow",
    "Call flow",
    { run: server, debug: server },
    {
      documentSelector: [
        { scheme: "file", language: "flow" },
        { scheme: "file", pattern: "**/flows/**/*.{yaml,yml}" },
      ],
    },
  );
  context.subscriptions.push(
    vscode.commands.registerCommand("flow.showStateDiagram", async () => {
      const editor = vscode.window.activeTextEditor;
      if (!editor) return;
      const diagram = await client.sendRequest("workspace/executeCommand", {
        command: "dsl.graph",
        arguments: [editor.document.uri.toString(), "mermaid"],
      });
      const doc = await vscode.workspace.openTextDocument({
        language: "markdown",
        content: "```mermaid\n" + diagram + "```\n",
      });
      await vscode.window.showTextDocument(doc, vscode.ViewColumn.Beside);
    }),
  );
  client.start();
}

function deactivate() {
  return client ? client.stop() : undefined;
}

module.exports = { activate, deactivate };
