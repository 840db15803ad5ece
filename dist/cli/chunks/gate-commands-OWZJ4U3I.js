#!/usr/bin/env node
import { createRequire as __cgCreateRequire } from 'node:module'; const require = __cgCreateRequire(import.meta.url);
import {
  CLI_WORDING,
  ExecStartError,
  MAX_TIMEOUT_SECONDS,
  applyConfig,
  baseOptions,
  buildImage,
  databaseOptionsFromArgs,
  defaultOptions,
  findExecutable,
  formatDuration,
  gateOptionsFromArgs,
  killAllChildren,
  manifestDigest,
  processFailure,
  quotedLine,
  rescanOptionsFromArgs,
  resolveDigest,
  runProcess,
  runSkopeoInspect,
  runTool,
  scanOptionsFromArgs,
  skopeoSource
} from "./chunk-ZIXCKAUA.js";
import {
  stopRunOnSignals
} from "./chunk-22G7L5YU.js";
import {
  SCANNER_NAMES,
  isTrivyPassSlot
} from "./chunk-OCKGVTTS.js";
import "./chunk-LMJJPHY5.js";
import {
  dockerHubQualified,
  parseImageReference,
  parseTarget
} from "./chunk-K4AEV4DU.js";
import {
  MAX_LINKS,
  canonicalVulnerabilityId,
  compareFindings,
  compareStrings,
  dedupeFindings,
  findingKey,
  identityGroupKey,
  mergeFindings,
  normaliseEcosystem,
  normalisePath,
  sortFindings,
  uniqueSorted
} from "./chunk-V565PD42.js";
import {
  DEFAULT_POLICY,
  FINDING_KINDS,
  GATE_RULES,
  LicenseList,
  isNoAssertion,
  loadPolicy,
  normaliseLicenseExpression,
  parseJsonReport,
  parseLicenseExpression,
  readInput,
  readInputFile,
  renderJsonReport,
  require_dist
} from "./chunk-XZ5QPAN2.js";
import {
  SEVERITIES,
  VERSION,
  meetsThreshold,
  parseSeverity
} from "./chunk-VME2S2LK.js";
import {
  writeAllOrNothing,
  writeFileAtomic
} from "./chunk-4O2VGKSV.js";
import {
  REPORT_TOOL_NAME,
  REPORT_VERSION,
  countBySeverity,
  counted,
  describeSbomSize,
  formatBound,
  formatBytes,
  formatElapsed,
  plural
} from "./chunk-UYLAQBDD.js";
import {
  external_exports
} from "./chunk-H4CA45K4.js";
import {
  EXIT,
  InterruptedError,
  RunError,
  ScannerOutputError,
  UsageError,
  VerificationError,
  errorMessage,
  oneLine,
  stopSignalOf
} from "./chunk-3XNDOCZ7.js";
import {
  __commonJS,
  __esm,
  __export,
  __toCommonJS,
  __toESM
} from "./chunk-Q7IYEZLL.js";

// node_modules/dockerfile-ast/lib/argument.js
var require_argument = __commonJS({
  "node_modules/dockerfile-ast/lib/argument.js"(exports) {
    "use strict";
    Object.defineProperty(exports, "__esModule", { value: true });
    exports.Argument = void 0;
    var Argument = class {
      constructor(value, range) {
        this.value = value;
        this.range = range;
      }
      toString() {
        return this.value;
      }
      getRange() {
        return this.range;
      }
      getValue() {
        return this.value;
      }
      isAfter(position) {
        if (this.range.end.line < position.line) {
          return false;
        }
        return this.range.start.line > position.line ? true : this.range.start.character > position.character;
      }
      isBefore(position) {
        if (this.range.start.line < position.line) {
          return true;
        }
        return this.range.end.line > position.line ? false : this.range.end.character < position.character;
      }
    };
    exports.Argument = Argument;
  }
});

// node_modules/dockerfile-ast/lib/jsonArgument.js
var require_jsonArgument = __commonJS({
  "node_modules/dockerfile-ast/lib/jsonArgument.js"(exports) {
    "use strict";
    Object.defineProperty(exports, "__esModule", { value: true });
    exports.JSONArgument = void 0;
    var argument_1 = require_argument();
    var JSONArgument = class extends argument_1.Argument {
      constructor(value, range, jsonRange) {
        super(value, range);
        this.jsonRange = jsonRange;
      }
      getJSONRange() {
        return this.jsonRange;
      }
      getJSONValue() {
        let value = super.getValue();
        value = value.substring(1, value.length - 1);
        return value;
      }
    };
    exports.JSONArgument = JSONArgument;
  }
});

// node_modules/vscode-languageserver-types/lib/esm/main.js
var main_exports = {};
__export(main_exports, {
  AnnotatedTextEdit: () => AnnotatedTextEdit,
  ApplyKind: () => ApplyKind,
  ChangeAnnotation: () => ChangeAnnotation,
  ChangeAnnotationIdentifier: () => ChangeAnnotationIdentifier,
  CodeAction: () => CodeAction,
  CodeActionContext: () => CodeActionContext,
  CodeActionKind: () => CodeActionKind,
  CodeActionTag: () => CodeActionTag,
  CodeActionTriggerKind: () => CodeActionTriggerKind,
  CodeDescription: () => CodeDescription,
  CodeLens: () => CodeLens,
  Color: () => Color,
  ColorInformation: () => ColorInformation,
  ColorPresentation: () => ColorPresentation,
  Command: () => Command,
  CompletionItem: () => CompletionItem,
  CompletionItemKind: () => CompletionItemKind,
  CompletionItemLabelDetails: () => CompletionItemLabelDetails,
  CompletionItemTag: () => CompletionItemTag,
  CompletionList: () => CompletionList,
  CreateFile: () => CreateFile,
  DeleteFile: () => DeleteFile,
  Diagnostic: () => Diagnostic,
  DiagnosticRelatedInformation: () => DiagnosticRelatedInformation,
  DiagnosticSeverity: () => DiagnosticSeverity,
  DiagnosticTag: () => DiagnosticTag,
  DocumentHighlight: () => DocumentHighlight,
  DocumentHighlightKind: () => DocumentHighlightKind,
  DocumentLink: () => DocumentLink,
  DocumentSymbol: () => DocumentSymbol,
  DocumentUri: () => DocumentUri,
  EOL: () => EOL,
  FoldingRange: () => FoldingRange,
  FoldingRangeKind: () => FoldingRangeKind,
  FormattingOptions: () => FormattingOptions,
  Hover: () => Hover,
  InlayHint: () => InlayHint,
  InlayHintKind: () => InlayHintKind,
  InlayHintLabelPart: () => InlayHintLabelPart,
  InlineCompletionContext: () => InlineCompletionContext,
  InlineCompletionItem: () => InlineCompletionItem,
  InlineCompletionList: () => InlineCompletionList,
  InlineCompletionTriggerKind: () => InlineCompletionTriggerKind,
  InlineValueContext: () => InlineValueContext,
  InlineValueEvaluatableExpression: () => InlineValueEvaluatableExpression,
  InlineValueText: () => InlineValueText,
  InlineValueVariableLookup: () => InlineValueVariableLookup,
  InsertReplaceEdit: () => InsertReplaceEdit,
  InsertTextFormat: () => InsertTextFormat,
  InsertTextMode: () => InsertTextMode,
  LanguageKind: () => LanguageKind,
  Location: () => Location,
  LocationLink: () => LocationLink,
  MarkedString: () => MarkedString,
  MarkupContent: () => MarkupContent,
  MarkupKind: () => MarkupKind,
  OptionalVersionedTextDocumentIdentifier: () => OptionalVersionedTextDocumentIdentifier,
  ParameterInformation: () => ParameterInformation,
  Position: () => Position,
  Range: () => Range,
  RenameFile: () => RenameFile,
  SelectedCompletionInfo: () => SelectedCompletionInfo,
  SelectionRange: () => SelectionRange,
  SemanticTokenModifiers: () => SemanticTokenModifiers,
  SemanticTokenTypes: () => SemanticTokenTypes,
  SemanticTokens: () => SemanticTokens,
  SignatureInformation: () => SignatureInformation,
  SnippetTextEdit: () => SnippetTextEdit,
  StringValue: () => StringValue,
  SymbolInformation: () => SymbolInformation,
  SymbolKind: () => SymbolKind,
  SymbolTag: () => SymbolTag,
  TextDocument: () => TextDocument,
  TextDocumentEdit: () => TextDocumentEdit,
  TextDocumentIdentifier: () => TextDocumentIdentifier,
  TextDocumentItem: () => TextDocumentItem,
  TextEdit: () => TextEdit,
  URI: () => URI,
  VersionedTextDocumentIdentifier: () => VersionedTextDocumentIdentifier,
  WorkspaceChange: () => WorkspaceChange,
  WorkspaceEdit: () => WorkspaceEdit,
  WorkspaceFolder: () => WorkspaceFolder,
  WorkspaceSymbol: () => WorkspaceSymbol,
  integer: () => integer,
  uinteger: () => uinteger
});
var DocumentUri, URI, integer, uinteger, Position, Range, Location, LocationLink, Color, ColorInformation, ColorPresentation, FoldingRangeKind, FoldingRange, DiagnosticRelatedInformation, DiagnosticSeverity, DiagnosticTag, CodeDescription, Diagnostic, Command, TextEdit, ChangeAnnotation, ChangeAnnotationIdentifier, AnnotatedTextEdit, TextDocumentEdit, CreateFile, RenameFile, DeleteFile, WorkspaceEdit, TextEditChangeImpl, SnippetTextEdit, ChangeAnnotations, WorkspaceChange, TextDocumentIdentifier, VersionedTextDocumentIdentifier, OptionalVersionedTextDocumentIdentifier, LanguageKind, TextDocumentItem, MarkupKind, MarkupContent, CompletionItemKind, InsertTextFormat, CompletionItemTag, InsertReplaceEdit, InsertTextMode, ApplyKind, CompletionItemLabelDetails, CompletionItem, CompletionList, MarkedString, Hover, ParameterInformation, SignatureInformation, DocumentHighlightKind, DocumentHighlight, SymbolKind, SymbolTag, SymbolInformation, WorkspaceSymbol, DocumentSymbol, CodeActionKind, CodeActionTriggerKind, CodeActionContext, CodeActionTag, CodeAction, CodeLens, FormattingOptions, DocumentLink, SelectionRange, SemanticTokenTypes, SemanticTokenModifiers, SemanticTokens, InlineValueText, InlineValueVariableLookup, InlineValueEvaluatableExpression, InlineValueContext, InlayHintKind, InlayHintLabelPart, InlayHint, StringValue, InlineCompletionItem, InlineCompletionList, InlineCompletionTriggerKind, SelectedCompletionInfo, InlineCompletionContext, WorkspaceFolder, EOL, TextDocument, FullTextDocument, Is;
var init_main = __esm({
  "node_modules/vscode-languageserver-types/lib/esm/main.js"() {
    "use strict";
    (function(DocumentUri2) {
      function is(value) {
        return typeof value === "string";
      }
      DocumentUri2.is = is;
    })(DocumentUri || (DocumentUri = {}));
    (function(URI2) {
      function is(value) {
        return typeof value === "string";
      }
      URI2.is = is;
    })(URI || (URI = {}));
    (function(integer2) {
      integer2.MIN_VALUE = -2147483648;
      integer2.MAX_VALUE = 2147483647;
      function is(value) {
        return typeof value === "number" && integer2.MIN_VALUE <= value && value <= integer2.MAX_VALUE;
      }
      integer2.is = is;
    })(integer || (integer = {}));
    (function(uinteger2) {
      uinteger2.MIN_VALUE = 0;
      uinteger2.MAX_VALUE = 2147483647;
      function is(value) {
        return typeof value === "number" && uinteger2.MIN_VALUE <= value && value <= uinteger2.MAX_VALUE;
      }
      uinteger2.is = is;
    })(uinteger || (uinteger = {}));
    (function(Position2) {
      function create(line, character) {
        if (line === Number.MAX_VALUE) {
          line = uinteger.MAX_VALUE;
        }
        if (character === Number.MAX_VALUE) {
          character = uinteger.MAX_VALUE;
        }
        return { line, character };
      }
      Position2.create = create;
      function is(value) {
        const candidate = value;
        return Is.objectLiteral(candidate) && Is.uinteger(candidate.line) && Is.uinteger(candidate.character);
      }
      Position2.is = is;
    })(Position || (Position = {}));
    (function(Range2) {
      function create(one, two, three, four) {
        if (Is.uinteger(one) && Is.uinteger(two) && Is.uinteger(three) && Is.uinteger(four)) {
          return { start: Position.create(one, two), end: Position.create(three, four) };
        } else if (Position.is(one) && Position.is(two)) {
          return { start: one, end: two };
        } else {
          throw new Error(`Range#create called with invalid arguments[${one}, ${two}, ${three}, ${four}]`);
        }
      }
      Range2.create = create;
      function is(value) {
        const candidate = value;
        return Is.objectLiteral(candidate) && Position.is(candidate.start) && Position.is(candidate.end);
      }
      Range2.is = is;
    })(Range || (Range = {}));
    (function(Location2) {
      function create(uri, range) {
        return { uri, range };
      }
      Location2.create = create;
      function is(value) {
        const candidate = value;
        return Is.objectLiteral(candidate) && Range.is(candidate.range) && (Is.string(candidate.uri) || Is.undefined(candidate.uri));
      }
      Location2.is = is;
    })(Location || (Location = {}));
    (function(LocationLink2) {
      function create(targetUri, targetRange, targetSelectionRange, originSelectionRange) {
        return { targetUri, targetRange, targetSelectionRange, originSelectionRange };
      }
      LocationLink2.create = create;
      function is(value) {
        const candidate = value;
        return Is.objectLiteral(candidate) && Range.is(candidate.targetRange) && Is.string(candidate.targetUri) && Range.is(candidate.targetSelectionRange) && (Range.is(candidate.originSelectionRange) || Is.undefined(candidate.originSelectionRange));
      }
      LocationLink2.is = is;
    })(LocationLink || (LocationLink = {}));
    (function(Color2) {
      function create(red, green, blue, alpha) {
        return {
          red,
          green,
          blue,
          alpha
        };
      }
      Color2.create = create;
      function is(value) {
        const candidate = value;
        return Is.objectLiteral(candidate) && Is.numberRange(candidate.red, 0, 1) && Is.numberRange(candidate.green, 0, 1) && Is.numberRange(candidate.blue, 0, 1) && Is.numberRange(candidate.alpha, 0, 1);
      }
      Color2.is = is;
    })(Color || (Color = {}));
    (function(ColorInformation2) {
      function create(range, color) {
        return {
          range,
          color
        };
      }
      ColorInformation2.create = create;
      function is(value) {
        const candidate = value;
        return Is.objectLiteral(candidate) && Range.is(candidate.range) && Color.is(candidate.color);
      }
      ColorInformation2.is = is;
    })(ColorInformation || (ColorInformation = {}));
    (function(ColorPresentation2) {
      function create(label, textEdit, additionalTextEdits) {
        return {
          label,
          textEdit,
          additionalTextEdits
        };
      }
      ColorPresentation2.create = create;
      function is(value) {
        const candidate = value;
        return Is.objectLiteral(candidate) && Is.string(candidate.label) && (Is.undefined(candidate.textEdit) || TextEdit.is(candidate.textEdit)) && (Is.undefined(candidate.additionalTextEdits) || Is.typedArray(candidate.additionalTextEdits, TextEdit.is));
      }
      ColorPresentation2.is = is;
    })(ColorPresentation || (ColorPresentation = {}));
    (function(FoldingRangeKind2) {
      FoldingRangeKind2.Comment = "comment";
      FoldingRangeKind2.Imports = "imports";
      FoldingRangeKind2.Region = "region";
    })(FoldingRangeKind || (FoldingRangeKind = {}));
    (function(FoldingRange2) {
      function create(startLine, endLine, startCharacter, endCharacter, kind, collapsedText) {
        const result = {
          startLine,
          endLine
        };
        if (Is.defined(startCharacter)) {
          result.startCharacter = startCharacter;
        }
        if (Is.defined(endCharacter)) {
          result.endCharacter = endCharacter;
        }
        if (Is.defined(kind)) {
          result.kind = kind;
        }
        if (Is.defined(collapsedText)) {
          result.collapsedText = collapsedText;
        }
        return result;
      }
      FoldingRange2.create = create;
      function is(value) {
        const candidate = value;
        return Is.objectLiteral(candidate) && Is.uinteger(candidate.startLine) && Is.uinteger(candidate.endLine) && (Is.undefined(candidate.startCharacter) || Is.uinteger(candidate.startCharacter)) && (Is.undefined(candidate.endCharacter) || Is.uinteger(candidate.endCharacter)) && (Is.undefined(candidate.kind) || Is.string(candidate.kind));
      }
      FoldingRange2.is = is;
    })(FoldingRange || (FoldingRange = {}));
    (function(DiagnosticRelatedInformation2) {
      function create(location, message) {
        return {
          location,
          message
        };
      }
      DiagnosticRelatedInformation2.create = create;
      function is(value) {
        const candidate = value;
        return Is.defined(candidate) && Location.is(candidate.location) && Is.string(candidate.message);
      }
      DiagnosticRelatedInformation2.is = is;
    })(DiagnosticRelatedInformation || (DiagnosticRelatedInformation = {}));
    (function(DiagnosticSeverity2) {
      DiagnosticSeverity2.Error = 1;
      DiagnosticSeverity2.Warning = 2;
      DiagnosticSeverity2.Information = 3;
      DiagnosticSeverity2.Hint = 4;
    })(DiagnosticSeverity || (DiagnosticSeverity = {}));
    (function(DiagnosticTag2) {
      DiagnosticTag2.Unnecessary = 1;
      DiagnosticTag2.Deprecated = 2;
    })(DiagnosticTag || (DiagnosticTag = {}));
    (function(CodeDescription2) {
      function is(value) {
        const candidate = value;
        return Is.objectLiteral(candidate) && Is.string(candidate.href);
      }
      CodeDescription2.is = is;
    })(CodeDescription || (CodeDescription = {}));
    (function(Diagnostic2) {
      function create(range, message, severity2, code, source, relatedInformation) {
        const result = { range, message };
        if (Is.defined(severity2)) {
          result.severity = severity2;
        }
        if (Is.defined(code)) {
          result.code = code;
        }
        if (Is.defined(source)) {
          result.source = source;
        }
        if (Is.defined(relatedInformation)) {
          result.relatedInformation = relatedInformation;
        }
        return result;
      }
      Diagnostic2.create = create;
      function is(value) {
        var _a;
        const candidate = value;
        return Is.defined(candidate) && Range.is(candidate.range) && (Is.string(candidate.message) || MarkupContent.is(candidate.message)) && (Is.number(candidate.severity) || Is.undefined(candidate.severity)) && (Is.integer(candidate.code) || Is.string(candidate.code) || Is.undefined(candidate.code)) && (Is.undefined(candidate.codeDescription) || Is.string((_a = candidate.codeDescription) === null || _a === void 0 ? void 0 : _a.href)) && (Is.string(candidate.source) || Is.undefined(candidate.source)) && (Is.undefined(candidate.relatedInformation) || Is.typedArray(candidate.relatedInformation, DiagnosticRelatedInformation.is));
      }
      Diagnostic2.is = is;
      function is3_17(value) {
        return Is.string(value.message);
      }
      Diagnostic2.is3_17 = is3_17;
      function getMessageString(diagnostic) {
        if (Is.string(diagnostic.message)) {
          return diagnostic.message;
        } else if (MarkupContent.is(diagnostic.message)) {
          return diagnostic.message.value;
        } else {
          throw new Error(`Unknown message type ${typeof diagnostic.message}`);
        }
      }
      Diagnostic2.getMessageString = getMessageString;
    })(Diagnostic || (Diagnostic = {}));
    (function(Command2) {
      function create(title, command, ...args) {
        const result = { title, command };
        if (Is.defined(args) && args.length > 0) {
          result.arguments = args;
        }
        return result;
      }
      Command2.create = create;
      function is(value) {
        const candidate = value;
        return Is.defined(candidate) && Is.string(candidate.title) && (candidate.tooltip === void 0 || Is.string(candidate.tooltip)) && Is.string(candidate.command);
      }
      Command2.is = is;
    })(Command || (Command = {}));
    (function(TextEdit2) {
      function replace(range, newText) {
        return { range, newText };
      }
      TextEdit2.replace = replace;
      function insert(position, newText) {
        return { range: { start: position, end: position }, newText };
      }
      TextEdit2.insert = insert;
      function del(range) {
        return { range, newText: "" };
      }
      TextEdit2.del = del;
      function is(value) {
        const candidate = value;
        return Is.objectLiteral(candidate) && Is.string(candidate.newText) && Range.is(candidate.range);
      }
      TextEdit2.is = is;
    })(TextEdit || (TextEdit = {}));
    (function(ChangeAnnotation2) {
      function create(label, needsConfirmation, description) {
        const result = { label };
        if (needsConfirmation !== void 0) {
          result.needsConfirmation = needsConfirmation;
        }
        if (description !== void 0) {
          result.description = description;
        }
        return result;
      }
      ChangeAnnotation2.create = create;
      function is(value) {
        const candidate = value;
        return Is.objectLiteral(candidate) && Is.string(candidate.label) && (Is.boolean(candidate.needsConfirmation) || candidate.needsConfirmation === void 0) && (Is.string(candidate.description) || candidate.description === void 0);
      }
      ChangeAnnotation2.is = is;
    })(ChangeAnnotation || (ChangeAnnotation = {}));
    (function(ChangeAnnotationIdentifier2) {
      function is(value) {
        const candidate = value;
        return Is.string(candidate);
      }
      ChangeAnnotationIdentifier2.is = is;
    })(ChangeAnnotationIdentifier || (ChangeAnnotationIdentifier = {}));
    (function(AnnotatedTextEdit2) {
      function replace(range, newText, annotation) {
        return { range, newText, annotationId: annotation };
      }
      AnnotatedTextEdit2.replace = replace;
      function insert(position, newText, annotation) {
        return { range: { start: position, end: position }, newText, annotationId: annotation };
      }
      AnnotatedTextEdit2.insert = insert;
      function del(range, annotation) {
        return { range, newText: "", annotationId: annotation };
      }
      AnnotatedTextEdit2.del = del;
      function is(value) {
        const candidate = value;
        return TextEdit.is(candidate) && (ChangeAnnotation.is(candidate.annotationId) || ChangeAnnotationIdentifier.is(candidate.annotationId));
      }
      AnnotatedTextEdit2.is = is;
    })(AnnotatedTextEdit || (AnnotatedTextEdit = {}));
    (function(TextDocumentEdit2) {
      function create(textDocument, edits) {
        return { textDocument, edits };
      }
      TextDocumentEdit2.create = create;
      function is(value) {
        const candidate = value;
        return Is.defined(candidate) && OptionalVersionedTextDocumentIdentifier.is(candidate.textDocument) && Array.isArray(candidate.edits);
      }
      TextDocumentEdit2.is = is;
    })(TextDocumentEdit || (TextDocumentEdit = {}));
    (function(CreateFile2) {
      function create(uri, options, annotation) {
        const result = {
          kind: "create",
          uri
        };
        if (options !== void 0 && (options.overwrite !== void 0 || options.ignoreIfExists !== void 0)) {
          result.options = options;
        }
        if (annotation !== void 0) {
          result.annotationId = annotation;
        }
        return result;
      }
      CreateFile2.create = create;
      function is(value) {
        const candidate = value;
        return candidate && candidate.kind === "create" && Is.string(candidate.uri) && (candidate.options === void 0 || (candidate.options.overwrite === void 0 || Is.boolean(candidate.options.overwrite)) && (candidate.options.ignoreIfExists === void 0 || Is.boolean(candidate.options.ignoreIfExists))) && (candidate.annotationId === void 0 || ChangeAnnotationIdentifier.is(candidate.annotationId));
      }
      CreateFile2.is = is;
    })(CreateFile || (CreateFile = {}));
    (function(RenameFile2) {
      function create(oldUri, newUri, options, annotation) {
        const result = {
          kind: "rename",
          oldUri,
          newUri
        };
        if (options !== void 0 && (options.overwrite !== void 0 || options.ignoreIfExists !== void 0)) {
          result.options = options;
        }
        if (annotation !== void 0) {
          result.annotationId = annotation;
        }
        return result;
      }
      RenameFile2.create = create;
      function is(value) {
        const candidate = value;
        return candidate && candidate.kind === "rename" && Is.string(candidate.oldUri) && Is.string(candidate.newUri) && (candidate.options === void 0 || (candidate.options.overwrite === void 0 || Is.boolean(candidate.options.overwrite)) && (candidate.options.ignoreIfExists === void 0 || Is.boolean(candidate.options.ignoreIfExists))) && (candidate.annotationId === void 0 || ChangeAnnotationIdentifier.is(candidate.annotationId));
      }
      RenameFile2.is = is;
    })(RenameFile || (RenameFile = {}));
    (function(DeleteFile2) {
      function create(uri, options, annotation) {
        const result = {
          kind: "delete",
          uri
        };
        if (options !== void 0 && (options.recursive !== void 0 || options.ignoreIfNotExists !== void 0)) {
          result.options = options;
        }
        if (annotation !== void 0) {
          result.annotationId = annotation;
        }
        return result;
      }
      DeleteFile2.create = create;
      function is(value) {
        const candidate = value;
        return candidate && candidate.kind === "delete" && Is.string(candidate.uri) && (candidate.options === void 0 || (candidate.options.recursive === void 0 || Is.boolean(candidate.options.recursive)) && (candidate.options.ignoreIfNotExists === void 0 || Is.boolean(candidate.options.ignoreIfNotExists))) && (candidate.annotationId === void 0 || ChangeAnnotationIdentifier.is(candidate.annotationId));
      }
      DeleteFile2.is = is;
    })(DeleteFile || (DeleteFile = {}));
    (function(WorkspaceEdit2) {
      function is(value) {
        const candidate = value;
        return candidate && (candidate.changes !== void 0 || candidate.documentChanges !== void 0) && (candidate.documentChanges === void 0 || candidate.documentChanges.every((change) => {
          if (Is.string(change.kind)) {
            return CreateFile.is(change) || RenameFile.is(change) || DeleteFile.is(change);
          } else {
            return TextDocumentEdit.is(change);
          }
        }));
      }
      WorkspaceEdit2.is = is;
    })(WorkspaceEdit || (WorkspaceEdit = {}));
    TextEditChangeImpl = class {
      constructor(edits, changeAnnotations) {
        this.edits = edits;
        this.changeAnnotations = changeAnnotations;
      }
      insert(position, newText, annotation) {
        let edit;
        let id3;
        if (annotation === void 0) {
          edit = TextEdit.insert(position, newText);
        } else if (ChangeAnnotationIdentifier.is(annotation)) {
          id3 = annotation;
          edit = AnnotatedTextEdit.insert(position, newText, annotation);
        } else {
          this.assertChangeAnnotations(this.changeAnnotations);
          id3 = this.changeAnnotations.manage(annotation);
          edit = AnnotatedTextEdit.insert(position, newText, id3);
        }
        this.edits.push(edit);
        if (id3 !== void 0) {
          return id3;
        }
      }
      replace(range, newText, annotation) {
        let edit;
        let id3;
        if (annotation === void 0) {
          edit = TextEdit.replace(range, newText);
        } else if (ChangeAnnotationIdentifier.is(annotation)) {
          id3 = annotation;
          edit = AnnotatedTextEdit.replace(range, newText, annotation);
        } else {
          this.assertChangeAnnotations(this.changeAnnotations);
          id3 = this.changeAnnotations.manage(annotation);
          edit = AnnotatedTextEdit.replace(range, newText, id3);
        }
        this.edits.push(edit);
        if (id3 !== void 0) {
          return id3;
        }
      }
      delete(range, annotation) {
        let edit;
        let id3;
        if (annotation === void 0) {
          edit = TextEdit.del(range);
        } else if (ChangeAnnotationIdentifier.is(annotation)) {
          id3 = annotation;
          edit = AnnotatedTextEdit.del(range, annotation);
        } else {
          this.assertChangeAnnotations(this.changeAnnotations);
          id3 = this.changeAnnotations.manage(annotation);
          edit = AnnotatedTextEdit.del(range, id3);
        }
        this.edits.push(edit);
        if (id3 !== void 0) {
          return id3;
        }
      }
      add(edit) {
        this.edits.push(edit);
      }
      all() {
        return this.edits;
      }
      clear() {
        this.edits.splice(0, this.edits.length);
      }
      assertChangeAnnotations(value) {
        if (value === void 0) {
          throw new Error(`Text edit change is not configured to manage change annotations.`);
        }
      }
    };
    (function(SnippetTextEdit2) {
      function is(value) {
        const candidate = value;
        return Is.objectLiteral(candidate) && Range.is(candidate.range) && StringValue.isSnippet(candidate.snippet) && (candidate.annotationId === void 0 || (ChangeAnnotation.is(candidate.annotationId) || ChangeAnnotationIdentifier.is(candidate.annotationId)));
      }
      SnippetTextEdit2.is = is;
    })(SnippetTextEdit || (SnippetTextEdit = {}));
    ChangeAnnotations = class {
      constructor(annotations) {
        this._annotations = annotations === void 0 ? /* @__PURE__ */ Object.create(null) : annotations;
        this._counter = 0;
        this._size = 0;
      }
      all() {
        return this._annotations;
      }
      get size() {
        return this._size;
      }
      manage(idOrAnnotation, annotation) {
        let id3;
        if (ChangeAnnotationIdentifier.is(idOrAnnotation)) {
          id3 = idOrAnnotation;
        } else {
          id3 = this.nextId();
          annotation = idOrAnnotation;
        }
        if (this._annotations[id3] !== void 0) {
          throw new Error(`Id ${id3} is already in use.`);
        }
        if (annotation === void 0) {
          throw new Error(`No annotation provided for id ${id3}`);
        }
        this._annotations[id3] = annotation;
        this._size++;
        return id3;
      }
      nextId() {
        this._counter++;
        return this._counter.toString();
      }
    };
    WorkspaceChange = class {
      constructor(workspaceEdit) {
        this._textEditChanges = /* @__PURE__ */ Object.create(null);
        if (workspaceEdit !== void 0) {
          this._workspaceEdit = workspaceEdit;
          if (workspaceEdit.documentChanges) {
            this._changeAnnotations = new ChangeAnnotations(workspaceEdit.changeAnnotations);
            workspaceEdit.changeAnnotations = this._changeAnnotations.all();
            workspaceEdit.documentChanges.forEach((change) => {
              if (TextDocumentEdit.is(change)) {
                const textEditChange = new TextEditChangeImpl(change.edits, this._changeAnnotations);
                this._textEditChanges[change.textDocument.uri] = textEditChange;
              }
            });
          } else if (workspaceEdit.changes) {
            Object.keys(workspaceEdit.changes).forEach((key) => {
              const textEditChange = new TextEditChangeImpl(workspaceEdit.changes[key]);
              this._textEditChanges[key] = textEditChange;
            });
          }
        } else {
          this._workspaceEdit = {};
        }
      }
      /**
       * Returns the underlying {@link WorkspaceEdit} literal
       * use to be returned from a workspace edit operation like rename.
       */
      get edit() {
        this.initDocumentChanges();
        if (this._changeAnnotations !== void 0) {
          if (this._changeAnnotations.size === 0) {
            this._workspaceEdit.changeAnnotations = void 0;
          } else {
            this._workspaceEdit.changeAnnotations = this._changeAnnotations.all();
          }
        }
        return this._workspaceEdit;
      }
      getTextEditChange(key) {
        if (OptionalVersionedTextDocumentIdentifier.is(key)) {
          this.initDocumentChanges();
          if (this._workspaceEdit.documentChanges === void 0) {
            throw new Error("Workspace edit is not configured for document changes.");
          }
          const textDocument = { uri: key.uri, version: key.version };
          let result = this._textEditChanges[textDocument.uri];
          if (!result) {
            const edits = [];
            const textDocumentEdit = {
              textDocument,
              edits
            };
            this._workspaceEdit.documentChanges.push(textDocumentEdit);
            result = new TextEditChangeImpl(edits, this._changeAnnotations);
            this._textEditChanges[textDocument.uri] = result;
          }
          return result;
        } else {
          this.initChanges();
          if (this._workspaceEdit.changes === void 0) {
            throw new Error("Workspace edit is not configured for normal text edit changes.");
          }
          let result = this._textEditChanges[key];
          if (!result) {
            const edits = [];
            this._workspaceEdit.changes[key] = edits;
            result = new TextEditChangeImpl(edits);
            this._textEditChanges[key] = result;
          }
          return result;
        }
      }
      initDocumentChanges() {
        if (this._workspaceEdit.documentChanges === void 0 && this._workspaceEdit.changes === void 0) {
          this._changeAnnotations = new ChangeAnnotations();
          this._workspaceEdit.documentChanges = [];
          this._workspaceEdit.changeAnnotations = this._changeAnnotations.all();
        }
      }
      initChanges() {
        if (this._workspaceEdit.documentChanges === void 0 && this._workspaceEdit.changes === void 0) {
          this._workspaceEdit.changes = /* @__PURE__ */ Object.create(null);
        }
      }
      createFile(uri, optionsOrAnnotation, options) {
        this.initDocumentChanges();
        if (this._workspaceEdit.documentChanges === void 0) {
          throw new Error("Workspace edit is not configured for document changes.");
        }
        let annotation;
        if (ChangeAnnotation.is(optionsOrAnnotation) || ChangeAnnotationIdentifier.is(optionsOrAnnotation)) {
          annotation = optionsOrAnnotation;
        } else {
          options = optionsOrAnnotation;
        }
        let operation;
        let id3;
        if (annotation === void 0) {
          operation = CreateFile.create(uri, options);
        } else {
          id3 = ChangeAnnotationIdentifier.is(annotation) ? annotation : this._changeAnnotations.manage(annotation);
          operation = CreateFile.create(uri, options, id3);
        }
        this._workspaceEdit.documentChanges.push(operation);
        if (id3 !== void 0) {
          return id3;
        }
      }
      renameFile(oldUri, newUri, optionsOrAnnotation, options) {
        this.initDocumentChanges();
        if (this._workspaceEdit.documentChanges === void 0) {
          throw new Error("Workspace edit is not configured for document changes.");
        }
        let annotation;
        if (ChangeAnnotation.is(optionsOrAnnotation) || ChangeAnnotationIdentifier.is(optionsOrAnnotation)) {
          annotation = optionsOrAnnotation;
        } else {
          options = optionsOrAnnotation;
        }
        let operation;
        let id3;
        if (annotation === void 0) {
          operation = RenameFile.create(oldUri, newUri, options);
        } else {
          id3 = ChangeAnnotationIdentifier.is(annotation) ? annotation : this._changeAnnotations.manage(annotation);
          operation = RenameFile.create(oldUri, newUri, options, id3);
        }
        this._workspaceEdit.documentChanges.push(operation);
        if (id3 !== void 0) {
          return id3;
        }
      }
      deleteFile(uri, optionsOrAnnotation, options) {
        this.initDocumentChanges();
        if (this._workspaceEdit.documentChanges === void 0) {
          throw new Error("Workspace edit is not configured for document changes.");
        }
        let annotation;
        if (ChangeAnnotation.is(optionsOrAnnotation) || ChangeAnnotationIdentifier.is(optionsOrAnnotation)) {
          annotation = optionsOrAnnotation;
        } else {
          options = optionsOrAnnotation;
        }
        let operation;
        let id3;
        if (annotation === void 0) {
          operation = DeleteFile.create(uri, options);
        } else {
          id3 = ChangeAnnotationIdentifier.is(annotation) ? annotation : this._changeAnnotations.manage(annotation);
          operation = DeleteFile.create(uri, options, id3);
        }
        this._workspaceEdit.documentChanges.push(operation);
        if (id3 !== void 0) {
          return id3;
        }
      }
    };
    (function(TextDocumentIdentifier2) {
      function create(uri) {
        return { uri };
      }
      TextDocumentIdentifier2.create = create;
      function is(value) {
        const candidate = value;
        return Is.defined(candidate) && Is.string(candidate.uri);
      }
      TextDocumentIdentifier2.is = is;
    })(TextDocumentIdentifier || (TextDocumentIdentifier = {}));
    (function(VersionedTextDocumentIdentifier2) {
      function create(uri, version) {
        return { uri, version };
      }
      VersionedTextDocumentIdentifier2.create = create;
      function is(value) {
        const candidate = value;
        return Is.defined(candidate) && Is.string(candidate.uri) && Is.integer(candidate.version);
      }
      VersionedTextDocumentIdentifier2.is = is;
    })(VersionedTextDocumentIdentifier || (VersionedTextDocumentIdentifier = {}));
    (function(OptionalVersionedTextDocumentIdentifier2) {
      function create(uri, version) {
        return { uri, version };
      }
      OptionalVersionedTextDocumentIdentifier2.create = create;
      function is(value) {
        const candidate = value;
        return Is.defined(candidate) && Is.string(candidate.uri) && (candidate.version === null || Is.integer(candidate.version));
      }
      OptionalVersionedTextDocumentIdentifier2.is = is;
    })(OptionalVersionedTextDocumentIdentifier || (OptionalVersionedTextDocumentIdentifier = {}));
    (function(LanguageKind2) {
      LanguageKind2.ABAP = "abap";
      LanguageKind2.WindowsBat = "bat";
      LanguageKind2.BibTeX = "bibtex";
      LanguageKind2.Clojure = "clojure";
      LanguageKind2.Coffeescript = "coffeescript";
      LanguageKind2.C = "c";
      LanguageKind2.CPP = "cpp";
      LanguageKind2.CSharp = "csharp";
      LanguageKind2.CSS = "css";
      LanguageKind2.D = "d";
      LanguageKind2.Delphi = "pascal";
      LanguageKind2.Diff = "diff";
      LanguageKind2.Dart = "dart";
      LanguageKind2.Dockerfile = "dockerfile";
      LanguageKind2.Elixir = "elixir";
      LanguageKind2.Erlang = "erlang";
      LanguageKind2.FSharp = "fsharp";
      LanguageKind2.GitCommit = "git-commit";
      LanguageKind2.GitRebase = "git-rebase";
      LanguageKind2.Go = "go";
      LanguageKind2.Groovy = "groovy";
      LanguageKind2.Handlebars = "handlebars";
      LanguageKind2.Haskell = "haskell";
      LanguageKind2.HTML = "html";
      LanguageKind2.Ini = "ini";
      LanguageKind2.Java = "java";
      LanguageKind2.JavaScript = "javascript";
      LanguageKind2.JavaScriptReact = "javascriptreact";
      LanguageKind2.JSON = "json";
      LanguageKind2.LaTeX = "latex";
      LanguageKind2.Less = "less";
      LanguageKind2.Lua = "lua";
      LanguageKind2.Makefile = "makefile";
      LanguageKind2.Markdown = "markdown";
      LanguageKind2.ObjectiveC = "objective-c";
      LanguageKind2.ObjectiveCPP = "objective-cpp";
      LanguageKind2.Pascal = "pascal";
      LanguageKind2.Perl = "perl";
      LanguageKind2.Perl6 = "perl6";
      LanguageKind2.PHP = "php";
      LanguageKind2.Plaintext = "plaintext";
      LanguageKind2.Powershell = "powershell";
      LanguageKind2.Pug = "jade";
      LanguageKind2.Python = "python";
      LanguageKind2.R = "r";
      LanguageKind2.Razor = "razor";
      LanguageKind2.Ruby = "ruby";
      LanguageKind2.Rust = "rust";
      LanguageKind2.SCSS = "scss";
      LanguageKind2.SASS = "sass";
      LanguageKind2.Scala = "scala";
      LanguageKind2.ShaderLab = "shaderlab";
      LanguageKind2.ShellScript = "shellscript";
      LanguageKind2.SQL = "sql";
      LanguageKind2.Swift = "swift";
      LanguageKind2.TypeScript = "typescript";
      LanguageKind2.TypeScriptReact = "typescriptreact";
      LanguageKind2.TeX = "tex";
      LanguageKind2.VisualBasic = "vb";
      LanguageKind2.XML = "xml";
      LanguageKind2.XSL = "xsl";
      LanguageKind2.YAML = "yaml";
    })(LanguageKind || (LanguageKind = {}));
    (function(TextDocumentItem2) {
      function create(uri, languageId, version, text5) {
        return { uri, languageId, version, text: text5 };
      }
      TextDocumentItem2.create = create;
      function is(value) {
        const candidate = value;
        return Is.defined(candidate) && Is.string(candidate.uri) && Is.string(candidate.languageId) && Is.integer(candidate.version) && Is.string(candidate.text);
      }
      TextDocumentItem2.is = is;
    })(TextDocumentItem || (TextDocumentItem = {}));
    (function(MarkupKind2) {
      MarkupKind2.PlainText = "plaintext";
      MarkupKind2.Markdown = "markdown";
      function is(value) {
        const candidate = value;
        return candidate === MarkupKind2.PlainText || candidate === MarkupKind2.Markdown;
      }
      MarkupKind2.is = is;
    })(MarkupKind || (MarkupKind = {}));
    (function(MarkupContent2) {
      function is(value) {
        const candidate = value;
        return Is.objectLiteral(value) && MarkupKind.is(candidate.kind) && Is.string(candidate.value);
      }
      MarkupContent2.is = is;
    })(MarkupContent || (MarkupContent = {}));
    (function(CompletionItemKind2) {
      CompletionItemKind2.Text = 1;
      CompletionItemKind2.Method = 2;
      CompletionItemKind2.Function = 3;
      CompletionItemKind2.Constructor = 4;
      CompletionItemKind2.Field = 5;
      CompletionItemKind2.Variable = 6;
      CompletionItemKind2.Class = 7;
      CompletionItemKind2.Interface = 8;
      CompletionItemKind2.Module = 9;
      CompletionItemKind2.Property = 10;
      CompletionItemKind2.Unit = 11;
      CompletionItemKind2.Value = 12;
      CompletionItemKind2.Enum = 13;
      CompletionItemKind2.Keyword = 14;
      CompletionItemKind2.Snippet = 15;
      CompletionItemKind2.Color = 16;
      CompletionItemKind2.File = 17;
      CompletionItemKind2.Reference = 18;
      CompletionItemKind2.Folder = 19;
      CompletionItemKind2.EnumMember = 20;
      CompletionItemKind2.Constant = 21;
      CompletionItemKind2.Struct = 22;
      CompletionItemKind2.Event = 23;
      CompletionItemKind2.Operator = 24;
      CompletionItemKind2.TypeParameter = 25;
    })(CompletionItemKind || (CompletionItemKind = {}));
    (function(InsertTextFormat2) {
      InsertTextFormat2.PlainText = 1;
      InsertTextFormat2.Snippet = 2;
    })(InsertTextFormat || (InsertTextFormat = {}));
    (function(CompletionItemTag2) {
      CompletionItemTag2.Deprecated = 1;
    })(CompletionItemTag || (CompletionItemTag = {}));
    (function(InsertReplaceEdit2) {
      function create(newText, insert, replace) {
        return { newText, insert, replace };
      }
      InsertReplaceEdit2.create = create;
      function is(value) {
        const candidate = value;
        return candidate && Is.string(candidate.newText) && Range.is(candidate.insert) && Range.is(candidate.replace);
      }
      InsertReplaceEdit2.is = is;
    })(InsertReplaceEdit || (InsertReplaceEdit = {}));
    (function(InsertTextMode2) {
      InsertTextMode2.asIs = 1;
      InsertTextMode2.adjustIndentation = 2;
    })(InsertTextMode || (InsertTextMode = {}));
    (function(ApplyKind2) {
      ApplyKind2.Replace = 1;
      ApplyKind2.Merge = 2;
    })(ApplyKind || (ApplyKind = {}));
    (function(CompletionItemLabelDetails2) {
      function is(value) {
        const candidate = value;
        return candidate && (Is.string(candidate.detail) || candidate.detail === void 0) && (Is.string(candidate.description) || candidate.description === void 0);
      }
      CompletionItemLabelDetails2.is = is;
    })(CompletionItemLabelDetails || (CompletionItemLabelDetails = {}));
    (function(CompletionItem2) {
      function create(label) {
        return { label };
      }
      CompletionItem2.create = create;
    })(CompletionItem || (CompletionItem = {}));
    (function(CompletionList2) {
      function create(items, isIncomplete) {
        return { items: items ? items : [], isIncomplete: !!isIncomplete };
      }
      CompletionList2.create = create;
    })(CompletionList || (CompletionList = {}));
    (function(MarkedString2) {
      function fromPlainText(plainText) {
        return plainText.replace(/[\\`*_{}[\]()#+\-.!]/g, "\\$&");
      }
      MarkedString2.fromPlainText = fromPlainText;
      function is(value) {
        const candidate = value;
        return Is.string(candidate) || Is.objectLiteral(candidate) && Is.string(candidate.language) && Is.string(candidate.value);
      }
      MarkedString2.is = is;
    })(MarkedString || (MarkedString = {}));
    (function(Hover2) {
      function is(value) {
        const candidate = value;
        return !!candidate && Is.objectLiteral(candidate) && (MarkupContent.is(candidate.contents) || MarkedString.is(candidate.contents) || Is.typedArray(candidate.contents, MarkedString.is)) && (value.range === void 0 || Range.is(value.range));
      }
      Hover2.is = is;
    })(Hover || (Hover = {}));
    (function(ParameterInformation2) {
      function create(label, documentation) {
        return documentation ? { label, documentation } : { label };
      }
      ParameterInformation2.create = create;
    })(ParameterInformation || (ParameterInformation = {}));
    (function(SignatureInformation2) {
      function create(label, documentation, ...parameters) {
        const result = { label };
        if (Is.defined(documentation)) {
          result.documentation = documentation;
        }
        if (Is.defined(parameters)) {
          result.parameters = parameters;
        } else {
          result.parameters = [];
        }
        return result;
      }
      SignatureInformation2.create = create;
    })(SignatureInformation || (SignatureInformation = {}));
    (function(DocumentHighlightKind2) {
      DocumentHighlightKind2.Text = 1;
      DocumentHighlightKind2.Read = 2;
      DocumentHighlightKind2.Write = 3;
    })(DocumentHighlightKind || (DocumentHighlightKind = {}));
    (function(DocumentHighlight2) {
      function create(range, kind) {
        const result = { range };
        if (Is.number(kind)) {
          result.kind = kind;
        }
        return result;
      }
      DocumentHighlight2.create = create;
    })(DocumentHighlight || (DocumentHighlight = {}));
    (function(SymbolKind2) {
      SymbolKind2.File = 1;
      SymbolKind2.Module = 2;
      SymbolKind2.Namespace = 3;
      SymbolKind2.Package = 4;
      SymbolKind2.Class = 5;
      SymbolKind2.Method = 6;
      SymbolKind2.Property = 7;
      SymbolKind2.Field = 8;
      SymbolKind2.Constructor = 9;
      SymbolKind2.Enum = 10;
      SymbolKind2.Interface = 11;
      SymbolKind2.Function = 12;
      SymbolKind2.Variable = 13;
      SymbolKind2.Constant = 14;
      SymbolKind2.String = 15;
      SymbolKind2.Number = 16;
      SymbolKind2.Boolean = 17;
      SymbolKind2.Array = 18;
      SymbolKind2.Object = 19;
      SymbolKind2.Key = 20;
      SymbolKind2.Null = 21;
      SymbolKind2.EnumMember = 22;
      SymbolKind2.Struct = 23;
      SymbolKind2.Event = 24;
      SymbolKind2.Operator = 25;
      SymbolKind2.TypeParameter = 26;
    })(SymbolKind || (SymbolKind = {}));
    (function(SymbolTag2) {
      SymbolTag2.Deprecated = 1;
    })(SymbolTag || (SymbolTag = {}));
    (function(SymbolInformation2) {
      function create(name, kind, range, uri, containerName) {
        const result = {
          name,
          kind,
          location: { uri, range }
        };
        if (containerName) {
          result.containerName = containerName;
        }
        return result;
      }
      SymbolInformation2.create = create;
    })(SymbolInformation || (SymbolInformation = {}));
    (function(WorkspaceSymbol2) {
      function create(name, kind, uri, range) {
        return range !== void 0 ? { name, kind, location: { uri, range } } : { name, kind, location: { uri } };
      }
      WorkspaceSymbol2.create = create;
    })(WorkspaceSymbol || (WorkspaceSymbol = {}));
    (function(DocumentSymbol2) {
      function create(name, detail, kind, range, selectionRange, children) {
        const result = {
          name,
          detail,
          kind,
          range,
          selectionRange
        };
        if (children !== void 0) {
          result.children = children;
        }
        return result;
      }
      DocumentSymbol2.create = create;
      function is(value) {
        const candidate = value;
        return candidate && Is.string(candidate.name) && Is.number(candidate.kind) && Range.is(candidate.range) && Range.is(candidate.selectionRange) && (candidate.detail === void 0 || Is.string(candidate.detail)) && (candidate.deprecated === void 0 || Is.boolean(candidate.deprecated)) && (candidate.children === void 0 || Array.isArray(candidate.children)) && (candidate.tags === void 0 || Array.isArray(candidate.tags));
      }
      DocumentSymbol2.is = is;
    })(DocumentSymbol || (DocumentSymbol = {}));
    (function(CodeActionKind2) {
      CodeActionKind2.Empty = "";
      CodeActionKind2.QuickFix = "quickfix";
      CodeActionKind2.Refactor = "refactor";
      CodeActionKind2.RefactorExtract = "refactor.extract";
      CodeActionKind2.RefactorInline = "refactor.inline";
      CodeActionKind2.RefactorMove = "refactor.move";
      CodeActionKind2.RefactorRewrite = "refactor.rewrite";
      CodeActionKind2.Source = "source";
      CodeActionKind2.SourceOrganizeImports = "source.organizeImports";
      CodeActionKind2.SourceFixAll = "source.fixAll";
      CodeActionKind2.Notebook = "notebook";
    })(CodeActionKind || (CodeActionKind = {}));
    (function(CodeActionTriggerKind2) {
      CodeActionTriggerKind2.Invoked = 1;
      CodeActionTriggerKind2.Automatic = 2;
    })(CodeActionTriggerKind || (CodeActionTriggerKind = {}));
    (function(CodeActionContext2) {
      function create(diagnostics, only, triggerKind) {
        const result = { diagnostics };
        if (only !== void 0 && only !== null) {
          result.only = only;
        }
        if (triggerKind !== void 0 && triggerKind !== null) {
          result.triggerKind = triggerKind;
        }
        return result;
      }
      CodeActionContext2.create = create;
      function is(value) {
        const candidate = value;
        return Is.defined(candidate) && Is.typedArray(candidate.diagnostics, Diagnostic.is) && (candidate.only === void 0 || Is.typedArray(candidate.only, Is.string)) && (candidate.triggerKind === void 0 || candidate.triggerKind === CodeActionTriggerKind.Invoked || candidate.triggerKind === CodeActionTriggerKind.Automatic);
      }
      CodeActionContext2.is = is;
    })(CodeActionContext || (CodeActionContext = {}));
    (function(CodeActionTag2) {
      CodeActionTag2.LLMGenerated = 1;
      function is(value) {
        return Is.defined(value) && value === CodeActionTag2.LLMGenerated;
      }
      CodeActionTag2.is = is;
    })(CodeActionTag || (CodeActionTag = {}));
    (function(CodeAction2) {
      function create(title, kindOrCommandOrEdit, kind) {
        const result = { title };
        let checkKind = true;
        if (typeof kindOrCommandOrEdit === "string") {
          checkKind = false;
          result.kind = kindOrCommandOrEdit;
        } else if (Command.is(kindOrCommandOrEdit)) {
          result.command = kindOrCommandOrEdit;
        } else {
          result.edit = kindOrCommandOrEdit;
        }
        if (checkKind && kind !== void 0) {
          result.kind = kind;
        }
        return result;
      }
      CodeAction2.create = create;
      function is(value) {
        const candidate = value;
        return candidate && Is.string(candidate.title) && (candidate.diagnostics === void 0 || Is.typedArray(candidate.diagnostics, Diagnostic.is)) && (candidate.kind === void 0 || Is.string(candidate.kind)) && (candidate.edit !== void 0 || candidate.command !== void 0) && (candidate.command === void 0 || Command.is(candidate.command)) && (candidate.isPreferred === void 0 || Is.boolean(candidate.isPreferred)) && (candidate.edit === void 0 || WorkspaceEdit.is(candidate.edit)) && (candidate.tags === void 0 || Is.typedArray(candidate.tags, CodeActionTag.is));
      }
      CodeAction2.is = is;
    })(CodeAction || (CodeAction = {}));
    (function(CodeLens2) {
      function create(range, data) {
        const result = { range };
        if (Is.defined(data)) {
          result.data = data;
        }
        return result;
      }
      CodeLens2.create = create;
      function is(value) {
        const candidate = value;
        return Is.defined(candidate) && Range.is(candidate.range) && (Is.undefined(candidate.command) || Command.is(candidate.command));
      }
      CodeLens2.is = is;
    })(CodeLens || (CodeLens = {}));
    (function(FormattingOptions2) {
      function create(tabSize, insertSpaces) {
        return { tabSize, insertSpaces };
      }
      FormattingOptions2.create = create;
      function is(value) {
        const candidate = value;
        return Is.defined(candidate) && Is.uinteger(candidate.tabSize) && Is.boolean(candidate.insertSpaces);
      }
      FormattingOptions2.is = is;
    })(FormattingOptions || (FormattingOptions = {}));
    (function(DocumentLink2) {
      function create(range, target, data) {
        return { range, target, data };
      }
      DocumentLink2.create = create;
      function is(value) {
        const candidate = value;
        return Is.defined(candidate) && Range.is(candidate.range) && (Is.undefined(candidate.target) || Is.string(candidate.target));
      }
      DocumentLink2.is = is;
    })(DocumentLink || (DocumentLink = {}));
    (function(SelectionRange2) {
      function create(range, parent) {
        return { range, parent };
      }
      SelectionRange2.create = create;
      function is(value) {
        const candidate = value;
        return Is.objectLiteral(candidate) && Range.is(candidate.range) && (candidate.parent === void 0 || SelectionRange2.is(candidate.parent));
      }
      SelectionRange2.is = is;
    })(SelectionRange || (SelectionRange = {}));
    (function(SemanticTokenTypes2) {
      SemanticTokenTypes2["namespace"] = "namespace";
      SemanticTokenTypes2["type"] = "type";
      SemanticTokenTypes2["class"] = "class";
      SemanticTokenTypes2["enum"] = "enum";
      SemanticTokenTypes2["interface"] = "interface";
      SemanticTokenTypes2["struct"] = "struct";
      SemanticTokenTypes2["typeParameter"] = "typeParameter";
      SemanticTokenTypes2["parameter"] = "parameter";
      SemanticTokenTypes2["variable"] = "variable";
      SemanticTokenTypes2["property"] = "property";
      SemanticTokenTypes2["enumMember"] = "enumMember";
      SemanticTokenTypes2["event"] = "event";
      SemanticTokenTypes2["function"] = "function";
      SemanticTokenTypes2["method"] = "method";
      SemanticTokenTypes2["macro"] = "macro";
      SemanticTokenTypes2["keyword"] = "keyword";
      SemanticTokenTypes2["modifier"] = "modifier";
      SemanticTokenTypes2["comment"] = "comment";
      SemanticTokenTypes2["string"] = "string";
      SemanticTokenTypes2["number"] = "number";
      SemanticTokenTypes2["regexp"] = "regexp";
      SemanticTokenTypes2["operator"] = "operator";
      SemanticTokenTypes2["decorator"] = "decorator";
      SemanticTokenTypes2["label"] = "label";
    })(SemanticTokenTypes || (SemanticTokenTypes = {}));
    (function(SemanticTokenModifiers2) {
      SemanticTokenModifiers2["declaration"] = "declaration";
      SemanticTokenModifiers2["definition"] = "definition";
      SemanticTokenModifiers2["readonly"] = "readonly";
      SemanticTokenModifiers2["static"] = "static";
      SemanticTokenModifiers2["deprecated"] = "deprecated";
      SemanticTokenModifiers2["abstract"] = "abstract";
      SemanticTokenModifiers2["async"] = "async";
      SemanticTokenModifiers2["modification"] = "modification";
      SemanticTokenModifiers2["documentation"] = "documentation";
      SemanticTokenModifiers2["defaultLibrary"] = "defaultLibrary";
    })(SemanticTokenModifiers || (SemanticTokenModifiers = {}));
    (function(SemanticTokens2) {
      function is(value) {
        const candidate = value;
        return Is.objectLiteral(candidate) && (candidate.resultId === void 0 || typeof candidate.resultId === "string") && Array.isArray(candidate.data) && (candidate.data.length === 0 || typeof candidate.data[0] === "number");
      }
      SemanticTokens2.is = is;
    })(SemanticTokens || (SemanticTokens = {}));
    (function(InlineValueText2) {
      function create(range, text5) {
        return { range, text: text5 };
      }
      InlineValueText2.create = create;
      function is(value) {
        const candidate = value;
        return candidate !== void 0 && candidate !== null && Range.is(candidate.range) && Is.string(candidate.text);
      }
      InlineValueText2.is = is;
    })(InlineValueText || (InlineValueText = {}));
    (function(InlineValueVariableLookup2) {
      function create(range, variableName, caseSensitiveLookup) {
        return { range, variableName, caseSensitiveLookup };
      }
      InlineValueVariableLookup2.create = create;
      function is(value) {
        const candidate = value;
        return candidate !== void 0 && candidate !== null && Range.is(candidate.range) && Is.boolean(candidate.caseSensitiveLookup) && (Is.string(candidate.variableName) || candidate.variableName === void 0);
      }
      InlineValueVariableLookup2.is = is;
    })(InlineValueVariableLookup || (InlineValueVariableLookup = {}));
    (function(InlineValueEvaluatableExpression2) {
      function create(range, expression) {
        return { range, expression };
      }
      InlineValueEvaluatableExpression2.create = create;
      function is(value) {
        const candidate = value;
        return candidate !== void 0 && candidate !== null && Range.is(candidate.range) && (Is.string(candidate.expression) || candidate.expression === void 0);
      }
      InlineValueEvaluatableExpression2.is = is;
    })(InlineValueEvaluatableExpression || (InlineValueEvaluatableExpression = {}));
    (function(InlineValueContext2) {
      function create(frameId, stoppedLocation) {
        return { frameId, stoppedLocation };
      }
      InlineValueContext2.create = create;
      function is(value) {
        const candidate = value;
        return Is.defined(candidate) && Range.is(value.stoppedLocation);
      }
      InlineValueContext2.is = is;
    })(InlineValueContext || (InlineValueContext = {}));
    (function(InlayHintKind2) {
      InlayHintKind2.Type = 1;
      InlayHintKind2.Parameter = 2;
      function is(value) {
        return value === 1 || value === 2;
      }
      InlayHintKind2.is = is;
    })(InlayHintKind || (InlayHintKind = {}));
    (function(InlayHintLabelPart2) {
      function create(value) {
        return { value };
      }
      InlayHintLabelPart2.create = create;
      function is(value) {
        const candidate = value;
        return Is.objectLiteral(candidate) && (candidate.tooltip === void 0 || Is.string(candidate.tooltip) || MarkupContent.is(candidate.tooltip)) && (candidate.location === void 0 || Location.is(candidate.location)) && (candidate.command === void 0 || Command.is(candidate.command));
      }
      InlayHintLabelPart2.is = is;
    })(InlayHintLabelPart || (InlayHintLabelPart = {}));
    (function(InlayHint2) {
      function create(position, label, kind) {
        const result = { position, label };
        if (kind !== void 0) {
          result.kind = kind;
        }
        return result;
      }
      InlayHint2.create = create;
      function is(value) {
        const candidate = value;
        return Is.objectLiteral(candidate) && Position.is(candidate.position) && (Is.string(candidate.label) || Is.typedArray(candidate.label, InlayHintLabelPart.is)) && (candidate.kind === void 0 || InlayHintKind.is(candidate.kind)) && candidate.textEdits === void 0 || Is.typedArray(candidate.textEdits, TextEdit.is) && (candidate.tooltip === void 0 || Is.string(candidate.tooltip) || MarkupContent.is(candidate.tooltip)) && (candidate.paddingLeft === void 0 || Is.boolean(candidate.paddingLeft)) && (candidate.paddingRight === void 0 || Is.boolean(candidate.paddingRight));
      }
      InlayHint2.is = is;
    })(InlayHint || (InlayHint = {}));
    (function(StringValue2) {
      function createSnippet(value) {
        return { kind: "snippet", value };
      }
      StringValue2.createSnippet = createSnippet;
      function isSnippet(value) {
        const candidate = value;
        return Is.objectLiteral(candidate) && candidate.kind === "snippet" && Is.string(candidate.value);
      }
      StringValue2.isSnippet = isSnippet;
    })(StringValue || (StringValue = {}));
    (function(InlineCompletionItem2) {
      function create(insertText, filterText, range, command) {
        return { insertText, filterText, range, command };
      }
      InlineCompletionItem2.create = create;
    })(InlineCompletionItem || (InlineCompletionItem = {}));
    (function(InlineCompletionList2) {
      function create(items) {
        return { items };
      }
      InlineCompletionList2.create = create;
    })(InlineCompletionList || (InlineCompletionList = {}));
    (function(InlineCompletionTriggerKind2) {
      InlineCompletionTriggerKind2.Invoked = 1;
      InlineCompletionTriggerKind2.Automatic = 2;
    })(InlineCompletionTriggerKind || (InlineCompletionTriggerKind = {}));
    (function(SelectedCompletionInfo2) {
      function create(range, text5) {
        return { range, text: text5 };
      }
      SelectedCompletionInfo2.create = create;
    })(SelectedCompletionInfo || (SelectedCompletionInfo = {}));
    (function(InlineCompletionContext2) {
      function create(triggerKind, selectedCompletionInfo) {
        return { triggerKind, selectedCompletionInfo };
      }
      InlineCompletionContext2.create = create;
    })(InlineCompletionContext || (InlineCompletionContext = {}));
    (function(WorkspaceFolder2) {
      function is(value) {
        const candidate = value;
        return Is.objectLiteral(candidate) && URI.is(candidate.uri) && Is.string(candidate.name);
      }
      WorkspaceFolder2.is = is;
    })(WorkspaceFolder || (WorkspaceFolder = {}));
    EOL = ["\n", "\r\n", "\r"];
    (function(TextDocument3) {
      function create(uri, languageId, version, content) {
        return new FullTextDocument(uri, languageId, version, content);
      }
      TextDocument3.create = create;
      function is(value) {
        const candidate = value;
        return Is.defined(candidate) && Is.string(candidate.uri) && (Is.undefined(candidate.languageId) || Is.string(candidate.languageId)) && Is.uinteger(candidate.lineCount) && Is.func(candidate.getText) && Is.func(candidate.positionAt) && Is.func(candidate.offsetAt) ? true : false;
      }
      TextDocument3.is = is;
      function applyEdits(document, edits) {
        let text5 = document.getText();
        const sortedEdits = mergeSort2(edits, (a, b) => {
          const diff = a.range.start.line - b.range.start.line;
          if (diff === 0) {
            return a.range.start.character - b.range.start.character;
          }
          return diff;
        });
        let lastModifiedOffset = text5.length;
        for (let i = sortedEdits.length - 1; i >= 0; i--) {
          const e = sortedEdits[i];
          const startOffset = document.offsetAt(e.range.start);
          const endOffset = document.offsetAt(e.range.end);
          if (endOffset <= lastModifiedOffset) {
            text5 = text5.substring(0, startOffset) + e.newText + text5.substring(endOffset, text5.length);
          } else {
            throw new Error("Overlapping edit");
          }
          lastModifiedOffset = startOffset;
        }
        return text5;
      }
      TextDocument3.applyEdits = applyEdits;
      function mergeSort2(data, compare) {
        if (data.length <= 1) {
          return data;
        }
        const p = data.length / 2 | 0;
        const left = data.slice(0, p);
        const right = data.slice(p);
        mergeSort2(left, compare);
        mergeSort2(right, compare);
        let leftIdx = 0;
        let rightIdx = 0;
        let i = 0;
        while (leftIdx < left.length && rightIdx < right.length) {
          const ret = compare(left[leftIdx], right[rightIdx]);
          if (ret <= 0) {
            data[i++] = left[leftIdx++];
          } else {
            data[i++] = right[rightIdx++];
          }
        }
        while (leftIdx < left.length) {
          data[i++] = left[leftIdx++];
        }
        while (rightIdx < right.length) {
          data[i++] = right[rightIdx++];
        }
        return data;
      }
    })(TextDocument || (TextDocument = {}));
    FullTextDocument = class {
      constructor(uri, languageId, version, content) {
        this._uri = uri;
        this._languageId = languageId;
        this._version = version;
        this._content = content;
        this._lineOffsets = void 0;
      }
      get uri() {
        return this._uri;
      }
      get languageId() {
        return this._languageId;
      }
      get version() {
        return this._version;
      }
      getText(range) {
        if (range) {
          const start = this.offsetAt(range.start);
          const end = this.offsetAt(range.end);
          return this._content.substring(start, end);
        }
        return this._content;
      }
      update(event, version) {
        this._content = event.text;
        this._version = version;
        this._lineOffsets = void 0;
      }
      getLineOffsets() {
        if (this._lineOffsets === void 0) {
          const lineOffsets = [];
          const text5 = this._content;
          let isLineStart = true;
          for (let i = 0; i < text5.length; i++) {
            if (isLineStart) {
              lineOffsets.push(i);
              isLineStart = false;
            }
            const ch = text5.charAt(i);
            isLineStart = ch === "\r" || ch === "\n";
            if (ch === "\r" && i + 1 < text5.length && text5.charAt(i + 1) === "\n") {
              i++;
            }
          }
          if (isLineStart && text5.length > 0) {
            lineOffsets.push(text5.length);
          }
          this._lineOffsets = lineOffsets;
        }
        return this._lineOffsets;
      }
      positionAt(offset) {
        offset = Math.max(Math.min(offset, this._content.length), 0);
        const lineOffsets = this.getLineOffsets();
        let low = 0, high = lineOffsets.length;
        if (high === 0) {
          return Position.create(0, offset);
        }
        while (low < high) {
          const mid = Math.floor((low + high) / 2);
          if (lineOffsets[mid] > offset) {
            high = mid;
          } else {
            low = mid + 1;
          }
        }
        const line = low - 1;
        return Position.create(line, offset - lineOffsets[line]);
      }
      offsetAt(position) {
        const lineOffsets = this.getLineOffsets();
        if (position.line >= lineOffsets.length) {
          return this._content.length;
        } else if (position.line < 0) {
          return 0;
        }
        const lineOffset = lineOffsets[position.line];
        const nextLineOffset = position.line + 1 < lineOffsets.length ? lineOffsets[position.line + 1] : this._content.length;
        return Math.max(Math.min(lineOffset + position.character, nextLineOffset), lineOffset);
      }
      get lineCount() {
        return this.getLineOffsets().length;
      }
    };
    (function(Is2) {
      const toString = Object.prototype.toString;
      function defined(value) {
        return typeof value !== "undefined";
      }
      Is2.defined = defined;
      function undefined2(value) {
        return typeof value === "undefined";
      }
      Is2.undefined = undefined2;
      function boolean(value) {
        return value === true || value === false;
      }
      Is2.boolean = boolean;
      function string(value) {
        return toString.call(value) === "[object String]";
      }
      Is2.string = string;
      function number(value) {
        return toString.call(value) === "[object Number]";
      }
      Is2.number = number;
      function numberRange(value, min, max) {
        return toString.call(value) === "[object Number]" && min <= value && value <= max;
      }
      Is2.numberRange = numberRange;
      function integer2(value) {
        return toString.call(value) === "[object Number]" && -2147483648 <= value && value <= 2147483647;
      }
      Is2.integer = integer2;
      function uinteger2(value) {
        return toString.call(value) === "[object Number]" && 0 <= value && value <= 2147483647;
      }
      Is2.uinteger = uinteger2;
      function func(value) {
        return toString.call(value) === "[object Function]";
      }
      Is2.func = func;
      function objectLiteral(value) {
        return value !== null && typeof value === "object";
      }
      Is2.objectLiteral = objectLiteral;
      function typedArray(value, check) {
        return Array.isArray(value) && value.every(check);
      }
      Is2.typedArray = typedArray;
    })(Is || (Is = {}));
  }
});

// node_modules/dockerfile-ast/lib/line.js
var require_line = __commonJS({
  "node_modules/dockerfile-ast/lib/line.js"(exports) {
    "use strict";
    Object.defineProperty(exports, "__esModule", { value: true });
    exports.Line = void 0;
    var Line = class {
      constructor(document, range) {
        this.document = document;
        this.range = range;
      }
      getRange() {
        return this.range;
      }
      getTextContent() {
        return this.document.getText().substring(this.document.offsetAt(this.range.start), this.document.offsetAt(this.range.end));
      }
      isAfter(line) {
        return this.range.start.line > line.range.start.line;
      }
      isBefore(line) {
        return this.range.start.line < line;
      }
    };
    exports.Line = Line;
  }
});

// node_modules/dockerfile-ast/lib/util.js
var require_util = __commonJS({
  "node_modules/dockerfile-ast/lib/util.js"(exports) {
    "use strict";
    Object.defineProperty(exports, "__esModule", { value: true });
    exports.Util = void 0;
    var Util = class _Util {
      static isUTF8BOM(char) {
        const uintArray = Uint8Array.from(Buffer.from(char, "UTF-8"));
        return uintArray[0] === 239 && uintArray[1] == 187 && uintArray[2] == 191;
      }
      static isWhitespace(char) {
        return char === " " || char === "	" || _Util.isNewline(char);
      }
      static isNewline(char) {
        return char === "\r" || char === "\n";
      }
      static findLeadingNonWhitespace(content, escapeChar) {
        whitespaceCheck: for (let i = 0; i < content.length; i++) {
          switch (content.charAt(i)) {
            case " ":
            case "	":
              continue;
            case escapeChar:
              escapeCheck: for (let j = i + 1; j < content.length; j++) {
                switch (content.charAt(j)) {
                  case " ":
                  case "	":
                    continue;
                  case "\r":
                    i = j + 1;
                    continue whitespaceCheck;
                  case "\n":
                    i = j;
                    continue whitespaceCheck;
                  default:
                    break escapeCheck;
                }
              }
              return -1;
            default:
              return i;
          }
        }
        return -1;
      }
      /**
       * Determines if the given position is contained within the given range.
       *
       * @param position the position to check
       * @param range the range to see if the position is inside of
       */
      static isInsideRange(position, range) {
        if (range.start.line === range.end.line) {
          return range.start.line === position.line && range.start.character <= position.character && position.character <= range.end.character;
        } else if (range.start.line === position.line) {
          return range.start.character <= position.character;
        } else if (range.end.line === position.line) {
          return position.character <= range.end.character;
        }
        return range.start.line < position.line && position.line < range.end.line;
      }
      static parseHeredocName(value) {
        value = value.substring(2);
        if (value.charAt(0) === "-") {
          value = value.substring(1);
        }
        if (value.charAt(0) === '"') {
          if (value.charAt(value.length - 1) !== '"') {
            return null;
          }
          value = value.substring(1, value.length - 1);
        }
        if (value.charAt(0) === "'") {
          if (value.charAt(value.length - 1) !== "'") {
            return null;
          }
          value = value.substring(1, value.length - 1);
        }
        if (value.charAt(0) === "<") {
          return null;
        }
        return value;
      }
    };
    exports.Util = Util;
  }
});

// node_modules/dockerfile-ast/lib/comment.js
var require_comment = __commonJS({
  "node_modules/dockerfile-ast/lib/comment.js"(exports) {
    "use strict";
    Object.defineProperty(exports, "__esModule", { value: true });
    exports.Comment = void 0;
    var vscode_languageserver_types_1 = (init_main(), __toCommonJS(main_exports));
    var line_1 = require_line();
    var util_1 = require_util();
    var Comment = class extends line_1.Line {
      constructor(document, range) {
        super(document, range);
      }
      toString() {
        const content = this.getContent();
        if (content) {
          return "# " + content;
        }
        return "#";
      }
      /**
       * Returns the content of this comment. This excludes leading and
       * trailing whitespace as well as the # symbol. If the comment only
       * consists of whitespace, the empty string will be returned.
       */
      getContent() {
        let range = this.getContentRange();
        if (range === null) {
          return "";
        }
        return this.document.getText().substring(this.document.offsetAt(range.start), this.document.offsetAt(range.end));
      }
      /**
       * Returns a range that includes the content of the comment
       * excluding any leading and trailing whitespace as well as the #
       * symbol. May return null if the comment only consists of whitespace
       * characters.
       */
      getContentRange() {
        let range = this.getRange();
        const startOffset = this.document.offsetAt(range.start);
        let raw = this.document.getText().substring(startOffset, this.document.offsetAt(range.end));
        let start = -1;
        let end = -1;
        for (let i = 1; i < raw.length; i++) {
          if (!util_1.Util.isWhitespace(raw.charAt(i))) {
            start = i;
            break;
          }
        }
        if (start === -1) {
          return null;
        }
        for (let i = raw.length - 1; i >= 1; i--) {
          if (!util_1.Util.isWhitespace(raw.charAt(i))) {
            end = i + 1;
            break;
          }
        }
        return vscode_languageserver_types_1.Range.create(this.document.positionAt(startOffset + start), this.document.positionAt(startOffset + end));
      }
    };
    exports.Comment = Comment;
  }
});

// node_modules/vscode-languageserver-textdocument/lib/esm/main.js
var main_exports2 = {};
__export(main_exports2, {
  TextDocument: () => TextDocument2
});
function mergeSort(data, compare) {
  if (data.length <= 1) {
    return data;
  }
  const p = data.length / 2 | 0;
  const left = data.slice(0, p);
  const right = data.slice(p);
  mergeSort(left, compare);
  mergeSort(right, compare);
  let leftIdx = 0;
  let rightIdx = 0;
  let i = 0;
  while (leftIdx < left.length && rightIdx < right.length) {
    const ret = compare(left[leftIdx], right[rightIdx]);
    if (ret <= 0) {
      data[i++] = left[leftIdx++];
    } else {
      data[i++] = right[rightIdx++];
    }
  }
  while (leftIdx < left.length) {
    data[i++] = left[leftIdx++];
  }
  while (rightIdx < right.length) {
    data[i++] = right[rightIdx++];
  }
  return data;
}
function computeLineOffsets(text5, isAtLineStart, textOffset = 0) {
  const result = isAtLineStart ? [textOffset] : [];
  for (let i = 0; i < text5.length; i++) {
    const ch = text5.charCodeAt(i);
    if (isEOL(ch)) {
      if (ch === 13 && i + 1 < text5.length && text5.charCodeAt(i + 1) === 10) {
        i++;
      }
      result.push(textOffset + i + 1);
    }
  }
  return result;
}
function isEOL(char) {
  return char === 13 || char === 10;
}
function getWellformedRange(range) {
  const start = range.start;
  const end = range.end;
  if (start.line > end.line || start.line === end.line && start.character > end.character) {
    return { start: end, end: start };
  }
  return range;
}
function getWellformedEdit(textEdit) {
  const range = getWellformedRange(textEdit.range);
  if (range !== textEdit.range) {
    return { newText: textEdit.newText, range };
  }
  return textEdit;
}
var FullTextDocument2, TextDocument2;
var init_main2 = __esm({
  "node_modules/vscode-languageserver-textdocument/lib/esm/main.js"() {
    "use strict";
    FullTextDocument2 = class _FullTextDocument {
      constructor(uri, languageId, version, content) {
        this._uri = uri;
        this._languageId = languageId;
        this._version = version;
        this._content = content;
        this._lineOffsets = void 0;
      }
      get uri() {
        return this._uri;
      }
      get languageId() {
        return this._languageId;
      }
      get version() {
        return this._version;
      }
      getText(range) {
        if (range) {
          const start = this.offsetAt(range.start);
          const end = this.offsetAt(range.end);
          return this._content.substring(start, end);
        }
        return this._content;
      }
      update(changes, version) {
        for (const change of changes) {
          if (_FullTextDocument.isIncremental(change)) {
            const range = getWellformedRange(change.range);
            const startOffset = this.offsetAt(range.start);
            const endOffset = this.offsetAt(range.end);
            this._content = this._content.substring(0, startOffset) + change.text + this._content.substring(endOffset, this._content.length);
            const insertedEndOffset = startOffset + change.text.length;
            const crlfAtStart = this._content.charCodeAt(startOffset - 1) === 13 && this._content.charCodeAt(startOffset) === 10;
            const crlfAtEnd = this._content.charCodeAt(insertedEndOffset - 1) === 13 && this._content.charCodeAt(insertedEndOffset) === 10;
            if (crlfAtStart || crlfAtEnd) {
              this._lineOffsets = void 0;
              continue;
            }
            const startLine = Math.max(range.start.line, 0);
            const endLine = Math.max(range.end.line, 0);
            let lineOffsets = this._lineOffsets;
            const addedLineOffsets = computeLineOffsets(change.text, false, startOffset);
            if (endLine - startLine === addedLineOffsets.length) {
              for (let i = 0, len = addedLineOffsets.length; i < len; i++) {
                lineOffsets[i + startLine + 1] = addedLineOffsets[i];
              }
            } else {
              if (addedLineOffsets.length < 1e4) {
                lineOffsets.splice(startLine + 1, endLine - startLine, ...addedLineOffsets);
              } else {
                this._lineOffsets = lineOffsets = lineOffsets.slice(0, startLine + 1).concat(addedLineOffsets, lineOffsets.slice(endLine + 1));
              }
            }
            const diff = change.text.length - (endOffset - startOffset);
            if (diff !== 0) {
              for (let i = startLine + 1 + addedLineOffsets.length, len = lineOffsets.length; i < len; i++) {
                lineOffsets[i] = lineOffsets[i] + diff;
              }
            }
          } else if (_FullTextDocument.isFull(change)) {
            this._content = change.text;
            this._lineOffsets = void 0;
          } else {
            throw new Error("Unknown change event received");
          }
        }
        this._version = version;
      }
      getLineOffsets() {
        if (this._lineOffsets === void 0) {
          this._lineOffsets = computeLineOffsets(this._content, true);
        }
        return this._lineOffsets;
      }
      positionAt(offset) {
        offset = Math.max(Math.min(offset, this._content.length), 0);
        const lineOffsets = this.getLineOffsets();
        let low = 0, high = lineOffsets.length;
        if (high === 0) {
          return { line: 0, character: offset };
        }
        while (low < high) {
          const mid = Math.floor((low + high) / 2);
          if (lineOffsets[mid] > offset) {
            high = mid;
          } else {
            low = mid + 1;
          }
        }
        const line = low - 1;
        offset = this.ensureBeforeEOL(offset, lineOffsets[line]);
        return { line, character: offset - lineOffsets[line] };
      }
      offsetAt(position) {
        const lineOffsets = this.getLineOffsets();
        if (position.line >= lineOffsets.length) {
          return this._content.length;
        } else if (position.line < 0) {
          return 0;
        }
        const lineOffset = lineOffsets[position.line];
        if (position.character <= 0) {
          return lineOffset;
        }
        const nextLineOffset = position.line + 1 < lineOffsets.length ? lineOffsets[position.line + 1] : this._content.length;
        const offset = Math.min(lineOffset + position.character, nextLineOffset);
        return this.ensureBeforeEOL(offset, lineOffset);
      }
      getLineRange(line) {
        const lineOffsets = this.getLineOffsets();
        if (line >= lineOffsets.length) {
          const lastLine = lineOffsets.length - 1;
          return { start: { line: lastLine, character: 0 }, end: { line: lastLine, character: this._content.length - lineOffsets[lastLine] } };
        } else if (line < 0) {
          return { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } };
        }
        const startOffset = lineOffsets[line];
        const nextLineOffset = line + 1 < lineOffsets.length ? lineOffsets[line + 1] : this._content.length;
        const endOffset = this.ensureBeforeEOL(nextLineOffset, startOffset);
        return { start: { line, character: 0 }, end: { line, character: endOffset - startOffset } };
      }
      getEOLCharacters(line) {
        const lineOffsets = this.getLineOffsets();
        if (line >= lineOffsets.length) {
          return "";
        } else if (line < 0) {
          return "";
        }
        const nextLineOffset = line + 1 < lineOffsets.length ? lineOffsets[line + 1] : this._content.length;
        const eolOffset = this.ensureBeforeEOL(nextLineOffset, lineOffsets[line]);
        return this._content.substring(eolOffset, nextLineOffset);
      }
      ensureBeforeEOL(offset, lineOffset) {
        while (offset > lineOffset && isEOL(this._content.charCodeAt(offset - 1))) {
          offset--;
        }
        return offset;
      }
      get lineCount() {
        return this.getLineOffsets().length;
      }
      static isIncremental(event) {
        const candidate = event;
        return candidate !== void 0 && candidate !== null && typeof candidate.text === "string" && candidate.range !== void 0 && (candidate.rangeLength === void 0 || typeof candidate.rangeLength === "number");
      }
      static isFull(event) {
        const candidate = event;
        return candidate !== void 0 && candidate !== null && typeof candidate.text === "string" && candidate.range === void 0 && candidate.rangeLength === void 0;
      }
    };
    (function(TextDocument3) {
      function create(uri, languageId, version, content) {
        return new FullTextDocument2(uri, languageId, version, content);
      }
      TextDocument3.create = create;
      function update(document, changes, version) {
        if (document instanceof FullTextDocument2) {
          document.update(changes, version);
          return document;
        } else {
          throw new Error("TextDocument.update: document must be created by TextDocument.create");
        }
      }
      TextDocument3.update = update;
      function applyEdits(document, edits) {
        const text5 = document.getText();
        const sortedEdits = mergeSort(edits.map(getWellformedEdit), (a, b) => {
          const diff = a.range.start.line - b.range.start.line;
          if (diff === 0) {
            return a.range.start.character - b.range.start.character;
          }
          return diff;
        });
        let lastModifiedOffset = 0;
        const spans = [];
        for (const e of sortedEdits) {
          const startOffset = document.offsetAt(e.range.start);
          if (startOffset < lastModifiedOffset) {
            throw new Error("Overlapping edit");
          } else if (startOffset > lastModifiedOffset) {
            spans.push(text5.substring(lastModifiedOffset, startOffset));
          }
          if (e.newText.length) {
            spans.push(e.newText);
          }
          lastModifiedOffset = document.offsetAt(e.range.end);
        }
        spans.push(text5.substr(lastModifiedOffset));
        return spans.join("");
      }
      TextDocument3.applyEdits = applyEdits;
    })(TextDocument2 || (TextDocument2 = {}));
  }
});

// node_modules/dockerfile-ast/lib/parserDirective.js
var require_parserDirective = __commonJS({
  "node_modules/dockerfile-ast/lib/parserDirective.js"(exports) {
    "use strict";
    Object.defineProperty(exports, "__esModule", { value: true });
    exports.ParserDirective = void 0;
    var main_1 = require_main();
    var line_1 = require_line();
    var ParserDirective = class extends line_1.Line {
      constructor(document, range, nameRange, valueRange) {
        super(document, range);
        this.nameRange = nameRange;
        this.valueRange = valueRange;
      }
      toString() {
        return "# " + this.getName() + "=" + this.getValue();
      }
      getNameRange() {
        return this.nameRange;
      }
      getValueRange() {
        return this.valueRange;
      }
      getName() {
        return this.document.getText().substring(this.document.offsetAt(this.nameRange.start), this.document.offsetAt(this.nameRange.end));
      }
      getValue() {
        return this.document.getText().substring(this.document.offsetAt(this.valueRange.start), this.document.offsetAt(this.valueRange.end));
      }
      getDirective() {
        const directive = main_1.Directive[this.getName().toLowerCase()];
        return directive === void 0 ? null : directive;
      }
    };
    exports.ParserDirective = ParserDirective;
  }
});

// node_modules/dockerfile-ast/lib/heredoc.js
var require_heredoc = __commonJS({
  "node_modules/dockerfile-ast/lib/heredoc.js"(exports) {
    "use strict";
    Object.defineProperty(exports, "__esModule", { value: true });
    exports.Heredoc = void 0;
    var Heredoc = class {
      constructor(startRange, name, nameRange, contentRange, endRange) {
        this.startRange = startRange;
        this.name = name;
        this.nameRange = nameRange;
        this.contentRange = contentRange;
        this.endRange = endRange;
      }
      /**
       * Returns the name of the here-document.
       *
       * This API is experimental and subject to change.
       */
      getName() {
        return this.name;
      }
      /**
       * Returns the range of the start operator and the name. If the
       * here-document is initialized with <<EOT then the start range would
       * encompass all five characters.
       *
       * This API is experimental and subject to change.
       */
      getStartRange() {
        return this.startRange;
      }
      /**
       * Returns the range of this here-document's name that is declared at
       * the beginning of the here-document with the operator. If the
       * here-document is initialized with <<EOT then the name range would
       * encompass the latter three "EOT" characters.
       *
       * This API is experimental and subject to change.
       */
      getNameRange() {
        return this.nameRange;
      }
      /**
       * Returns the range of the content of this here-document. This may
       * be null if the here-document has no content because:
       * - the start range is the only thing that was declared
       * - the end range was declared immediately and there is no content
       *
       * This API is experimental and subject to change.
       */
      getContentRange() {
        return this.contentRange;
      }
      /**
       * Returns the range of the here-document's name on a line that
       * represents the end of the here-document.
       *
       * This API is experimental and subject to change.
       */
      getDelimiterRange() {
        return this.endRange;
      }
    };
    exports.Heredoc = Heredoc;
  }
});

// node_modules/dockerfile-ast/lib/variable.js
var require_variable = __commonJS({
  "node_modules/dockerfile-ast/lib/variable.js"(exports) {
    "use strict";
    Object.defineProperty(exports, "__esModule", { value: true });
    exports.Variable = void 0;
    var Variable = class {
      constructor(name, nameRange, range, modifier, modifierRange, substitutionParameter, substitutionRange, defined, buildVariable, stringValue) {
        this.name = name;
        this.nameRange = nameRange;
        this.range = range;
        this.modifier = modifier;
        this.modifierRange = modifierRange;
        this.substitutionParameter = substitutionParameter;
        this.substitutionRange = substitutionRange;
        this.defined = defined;
        this.buildVariable = buildVariable;
        this.stringValue = stringValue;
      }
      toString() {
        return this.stringValue;
      }
      getName() {
        return this.name;
      }
      getNameRange() {
        return this.nameRange;
      }
      /**
       * Returns the range of the entire variable. This includes the symbols for
       * the declaration of the variable such as the $, {, and } symbols.
       *
       * @return the range in the document that this variable encompasses in its
       *         entirety
       */
      getRange() {
        return this.range;
      }
      /**
       * Returns the modifier character that has been set for
       * specifying how this variable should be expanded and resolved.
       * If this variable is ${variable:+value} then the modifier
       * character is '+'. Will be the empty string if the variable is
       * declared as ${variable:}. Otherwise, will be null if this
       * variable will not use variable substitution at all (such as
       * ${variable} or $variable).
       *
       * @return this variable's modifier character, or the empty
       *         string if it does not have one, or null if this
       *         variable will not use variable substitution
       */
      getModifier() {
        return this.modifier;
      }
      getModifierRange() {
        return this.modifierRange;
      }
      /**
       * Returns the parameter that will be used for substitution if
       * this variable uses modifiers to define how its value should be
       * resolved. If this variable is ${variable:+value} then the
       * substitution value will be 'value'. Will be the empty string
       * if the variable is declared as ${variable:+} or some other
       * variant where the only thing that follows the modifier
       * character (excluding considerations of escape characters and
       * so on) is the variable's closing bracket. May be null if this
       * variable does not have a modifier character defined (such as
       * ${variable} or $variable).
       *
       * @return this variable's substitution parameter, or the empty
       *         string if it does not have one, or null if there is
       *         not one defined
       */
      getSubstitutionParameter() {
        return this.substitutionParameter;
      }
      getSubstitutionRange() {
        return this.substitutionRange;
      }
      /**
       * Returns whether this variable has been defined or not.
       *
       * @return true if this variable has been defined, false otherwise
       */
      isDefined() {
        return this.defined;
      }
      isBuildVariable() {
        return this.buildVariable === true;
      }
      isEnvironmentVariable() {
        return this.buildVariable === false;
      }
    };
    exports.Variable = Variable;
  }
});

// node_modules/dockerfile-ast/lib/instruction.js
var require_instruction = __commonJS({
  "node_modules/dockerfile-ast/lib/instruction.js"(exports) {
    "use strict";
    Object.defineProperty(exports, "__esModule", { value: true });
    exports.Instruction = void 0;
    var vscode_languageserver_types_1 = (init_main(), __toCommonJS(main_exports));
    var util_1 = require_util();
    var line_1 = require_line();
    var argument_1 = require_argument();
    var heredoc_1 = require_heredoc();
    var variable_1 = require_variable();
    var main_1 = require_main();
    var Instruction = class extends line_1.Line {
      constructor(document, range, dockerfile, escapeChar, instruction, instructionRange) {
        super(document, range);
        this.dockerfile = dockerfile;
        this.escapeChar = escapeChar;
        this.instruction = instruction;
        this.instructionRange = instructionRange;
      }
      toString() {
        let value = this.getKeyword();
        for (let arg of this.getRawArguments()) {
          value += " ";
          value += arg.getValue();
        }
        return value;
      }
      getRangeContent(range) {
        if (range === null) {
          return null;
        }
        return this.document.getText().substring(this.document.offsetAt(range.start), this.document.offsetAt(range.end));
      }
      getInstructionRange() {
        return this.instructionRange;
      }
      getInstruction() {
        return this.instruction;
      }
      getKeyword() {
        return this.getInstruction().toUpperCase();
      }
      getArgumentsRange() {
        let args = this.getArguments();
        if (args.length === 0) {
          return null;
        }
        return vscode_languageserver_types_1.Range.create(args[0].getRange().start, args[args.length - 1].getRange().end);
      }
      getArgumentsRanges() {
        let args = this.getArguments();
        if (args.length === 0) {
          return [];
        }
        if (args[0].getRange().start.line === args[args.length - 1].getRange().end.line) {
          return [vscode_languageserver_types_1.Range.create(args[0].getRange().start, args[args.length - 1].getRange().end)];
        }
        let ranges = [];
        let end = -1;
        let startPosition = args[0].getRange().start;
        let range = this.getInstructionRange();
        let extra = this.document.offsetAt(startPosition) - this.document.offsetAt(range.start);
        let content = this.getTextContent();
        let fullArgs = content.substring(extra, this.document.offsetAt(args[args.length - 1].getRange().end) - this.document.offsetAt(range.start));
        let offset = this.document.offsetAt(range.start) + extra;
        let start = false;
        let comment = false;
        for (let i = 0; i < fullArgs.length; i++) {
          let char = fullArgs.charAt(i);
          if (char === this.escapeChar) {
            let next = fullArgs.charAt(i + 1);
            if (next === " " || next === "	") {
              whitespaceCheck: for (let j = i + 2; j < fullArgs.length; j++) {
                switch (fullArgs.charAt(j)) {
                  case " ":
                  case "	":
                    continue;
                  case "\r":
                    j++;
                  case "\n":
                    if (startPosition !== null) {
                      ranges.push(vscode_languageserver_types_1.Range.create(startPosition, this.document.positionAt(offset + end + 1)));
                    }
                    startPosition = null;
                    start = true;
                    comment = false;
                    i = j;
                    break whitespaceCheck;
                  default:
                    break whitespaceCheck;
                }
              }
            } else if (next === "\r") {
              if (startPosition !== null) {
                ranges.push(vscode_languageserver_types_1.Range.create(startPosition, this.document.positionAt(offset + end + 1)));
                startPosition = null;
              }
              start = true;
              comment = false;
              i += 2;
            } else if (next === "\n") {
              if (startPosition !== null) {
                ranges.push(vscode_languageserver_types_1.Range.create(startPosition, this.document.positionAt(offset + end + 1)));
              }
              startPosition = null;
              start = true;
              comment = false;
              i++;
            } else {
              i++;
            }
          } else if (util_1.Util.isNewline(char)) {
            if (comment) {
              startPosition = null;
              start = true;
              comment = false;
            }
          } else {
            if (!comment) {
              if (startPosition === null) {
                if (char === "#") {
                  comment = true;
                  continue;
                }
                let position = this.document.positionAt(offset + i);
                if (position.character !== 0) {
                  startPosition = vscode_languageserver_types_1.Position.create(position.line, 0);
                }
              }
              end = i;
            }
          }
        }
        if (startPosition === null) {
          ranges.push(vscode_languageserver_types_1.Range.create(this.document.positionAt(offset + end), this.document.positionAt(offset + end + 1)));
        } else {
          ranges.push(vscode_languageserver_types_1.Range.create(startPosition, this.document.positionAt(offset + end + 1)));
        }
        return ranges;
      }
      getRawArgumentsContent() {
        let args = this.getArguments();
        if (args.length === 0) {
          return null;
        }
        return this.getRangeContent(vscode_languageserver_types_1.Range.create(args[0].getRange().start, args[args.length - 1].getRange().end));
      }
      getArgumentsContent() {
        let args = this.getArguments();
        if (args.length === 0) {
          return null;
        }
        let content = "";
        let ranges = this.getArgumentsRanges();
        let documentText = this.document.getText();
        for (let range of ranges) {
          content += documentText.substring(this.document.offsetAt(range.start), this.document.offsetAt(range.end));
        }
        return content;
      }
      getArguments() {
        return this.getRawArguments();
      }
      getRawArguments() {
        let args = [];
        let range = this.getInstructionRange();
        let extra = this.document.offsetAt(range.end) - this.document.offsetAt(range.start);
        let content = this.getTextContent();
        let fullArgs = content.substring(extra);
        let offset = this.document.offsetAt(range.start) + extra;
        let start = false;
        let comment = false;
        let found = -1;
        let escapedWhitespaceDetected = false;
        let escaping = false;
        let escapeMarker = -1;
        let escapedArg = "";
        for (let i = 0; i < fullArgs.length; i++) {
          let char = fullArgs.charAt(i);
          if (util_1.Util.isWhitespace(char)) {
            if (escaping) {
              escapedWhitespaceDetected = true;
              if (util_1.Util.isNewline(char)) {
                escapedWhitespaceDetected = false;
                if (comment) {
                  comment = false;
                  start = true;
                }
              }
              continue;
            } else if (found !== -1) {
              if (escapeMarker === -1) {
                args.push(new argument_1.Argument(escapedArg, vscode_languageserver_types_1.Range.create(this.document.positionAt(offset + found), this.document.positionAt(offset + i))));
              } else {
                args.push(new argument_1.Argument(escapedArg, vscode_languageserver_types_1.Range.create(this.document.positionAt(offset + found), this.document.positionAt(offset + escapeMarker))));
              }
              escapeMarker = -1;
              escapedArg = "";
              found = -1;
            }
          } else if (char === this.escapeChar) {
            let next = fullArgs.charAt(i + 1);
            if (next === " " || next === "	") {
              whitespaceCheck: for (let j = i + 2; j < fullArgs.length; j++) {
                let newlineCheck = fullArgs.charAt(j);
                switch (newlineCheck) {
                  case " ":
                  case "	":
                    continue;
                  case "\r":
                    j++;
                  case "\n":
                    comment = false;
                    escaping = true;
                    start = true;
                    if (found !== -1) {
                      escapeMarker = i;
                    }
                    i = j;
                    break whitespaceCheck;
                  default:
                    escapeMarker = i;
                    if (found === -1) {
                      i = j - 1;
                    }
                    break whitespaceCheck;
                }
              }
            } else if (next === "\r") {
              comment = false;
              escaping = true;
              start = true;
              if (found !== -1 && escapeMarker === -1) {
                escapeMarker = i;
              }
              i += 2;
            } else if (next === "\n") {
              comment = false;
              escaping = true;
              start = true;
              if (found !== -1 && escapeMarker === -1) {
                escapeMarker = i;
              }
              i++;
            } else {
              if (escapedWhitespaceDetected && escapeMarker !== -1) {
                args.push(new argument_1.Argument(escapedArg, vscode_languageserver_types_1.Range.create(this.document.positionAt(offset + found), this.document.positionAt(offset + escapeMarker))));
                escapedArg = "";
                found = -1;
              }
              escapeMarker = -1;
              escapedWhitespaceDetected = false;
              escaping = false;
              if (next === "$") {
                escapedArg = escapedArg + char + next;
              } else if (next === "") {
                break;
              } else {
                escapedArg = escapedArg + next;
              }
              if (found === -1) {
                found = i;
              }
              i++;
            }
          } else if (!comment) {
            if (start && char === "#") {
              comment = true;
            } else {
              if (escapedWhitespaceDetected && escapeMarker !== -1) {
                args.push(new argument_1.Argument(escapedArg, vscode_languageserver_types_1.Range.create(this.document.positionAt(offset + found), this.document.positionAt(offset + escapeMarker))));
                escapedArg = "";
                found = -1;
              }
              escapedWhitespaceDetected = false;
              escaping = false;
              escapeMarker = -1;
              escapedArg = escapedArg + char;
              if (found === -1) {
                found = i;
              }
            }
            start = false;
          }
        }
        if (found !== -1) {
          if (escapeMarker === -1) {
            args.push(new argument_1.Argument(escapedArg, vscode_languageserver_types_1.Range.create(this.document.positionAt(offset + found), this.document.positionAt(offset + fullArgs.length))));
          } else {
            args.push(new argument_1.Argument(escapedArg, vscode_languageserver_types_1.Range.create(this.document.positionAt(offset + found), this.document.positionAt(offset + escapeMarker))));
          }
        }
        return args;
      }
      getExpandedArguments() {
        let args = this.getArguments();
        for (let i = 0; i < args.length; i++) {
          const argRange = args[i].getRange();
          let offset = this.document.offsetAt(argRange.start);
          const variables = this.parseVariables(offset, args[i].getValue());
          const swaps = [];
          let requiresExpansion = false;
          for (let variable of variables) {
            const value = this.dockerfile.resolveVariable(variable.getName(), variable.getNameRange().start.line);
            swaps.push(value);
            requiresExpansion = requiresExpansion || value !== void 0;
          }
          if (requiresExpansion) {
            let expanded = "";
            for (let j = 0; j < swaps.length; j++) {
              const variableRange = variables[j].getRange();
              const start = this.document.offsetAt(variableRange.start);
              const end = this.document.offsetAt(variableRange.end);
              if (swaps[j]) {
                expanded += this.document.getText().substring(offset, start);
                expanded += swaps[j];
                offset = end;
              } else {
                expanded += this.document.getText().substring(offset, end);
                offset = end;
              }
            }
            const argEnd = this.document.offsetAt(argRange.end);
            if (argEnd !== offset) {
              expanded += this.document.getText().substring(offset, argEnd);
            }
            args[i] = new argument_1.Argument(expanded, argRange);
          }
        }
        return args;
      }
      getVariables() {
        const variables = [];
        const args = this.getRawArguments();
        for (const arg of args) {
          let range = arg.getRange();
          let rawValue = this.document.getText().substring(this.document.offsetAt(range.start), this.document.offsetAt(range.end));
          const parsedVariables = this.parseVariables(this.document.offsetAt(arg.getRange().start), rawValue);
          for (const parsedVariable of parsedVariables) {
            variables.push(parsedVariable);
          }
        }
        return variables;
      }
      parseVariables(offset, arg) {
        let variables = [];
        variableLoop: for (let i = 0; i < arg.length; i++) {
          switch (arg.charAt(i)) {
            case this.escapeChar:
              if (arg.charAt(i + 1) === "$") {
                i++;
              }
              break;
            case "$":
              if (arg.charAt(i + 1) === "{") {
                let escapedString = "${";
                let escapedName = "";
                let nameEnd = -1;
                let escapedSubstitutionParameter = "";
                let substitutionStart = -1;
                let substitutionEnd = -1;
                let modifierRead = -1;
                nameLoop: for (let j = i + 2; j < arg.length; j++) {
                  let char = arg.charAt(j);
                  switch (char) {
                    case this.escapeChar:
                      for (let k = j + 1; k < arg.length; k++) {
                        switch (arg.charAt(k)) {
                          case " ":
                          case "	":
                          case "\r":
                            continue;
                          case "\n":
                            j = k;
                            continue nameLoop;
                        }
                      }
                      break;
                    case "}":
                      escapedString += "}";
                      let modifier = null;
                      let modifierRange = null;
                      let substitutionParameter = modifierRead !== -1 ? escapedSubstitutionParameter : null;
                      let substitutionRange = null;
                      if (nameEnd === -1) {
                        nameEnd = j;
                      } else if (nameEnd + 1 === j) {
                        modifier = "";
                        modifierRange = vscode_languageserver_types_1.Range.create(this.document.positionAt(offset + nameEnd + 1), this.document.positionAt(offset + nameEnd + 1));
                      } else {
                        if (substitutionStart === -1) {
                          substitutionStart = modifierRead + 1;
                          substitutionEnd = modifierRead + 1;
                        } else {
                          substitutionEnd = substitutionEnd + 1;
                        }
                        modifier = arg.substring(modifierRead, modifierRead + 1);
                        modifierRange = vscode_languageserver_types_1.Range.create(this.document.positionAt(offset + modifierRead), this.document.positionAt(offset + modifierRead + 1));
                        substitutionRange = vscode_languageserver_types_1.Range.create(this.document.positionAt(offset + substitutionStart), this.document.positionAt(offset + substitutionEnd));
                      }
                      let start = this.document.positionAt(offset + i);
                      variables.push(new variable_1.Variable(escapedName, vscode_languageserver_types_1.Range.create(this.document.positionAt(offset + i + 2), this.document.positionAt(offset + nameEnd)), vscode_languageserver_types_1.Range.create(start, this.document.positionAt(offset + j + 1)), modifier, modifierRange, substitutionParameter, substitutionRange, this.dockerfile.resolveVariable(escapedName, start.line) !== void 0, this.isBuildVariable(escapedName, start.line), escapedString));
                      i = j;
                      continue variableLoop;
                    case ":":
                      if (nameEnd === -1) {
                        nameEnd = j;
                      } else if (modifierRead !== -1) {
                        if (substitutionStart === -1) {
                          substitutionStart = j;
                          substitutionEnd = j;
                        } else {
                          substitutionEnd = j;
                        }
                        escapedSubstitutionParameter += ":";
                      } else {
                        modifierRead = j;
                      }
                      escapedString += ":";
                      break;
                    case "\n":
                    case "\r":
                    case " ":
                    case "	":
                      break;
                    default:
                      if (nameEnd === -1) {
                        escapedName += char;
                      } else if (modifierRead !== -1) {
                        if (substitutionStart === -1) {
                          substitutionStart = j;
                          substitutionEnd = j;
                        } else {
                          substitutionEnd = j;
                        }
                        escapedSubstitutionParameter += char;
                      } else {
                        modifierRead = j;
                      }
                      escapedString += char;
                      break;
                  }
                }
                break variableLoop;
              } else if (util_1.Util.isWhitespace(arg.charAt(i + 1)) || i === arg.length - 1) {
                continue;
              } else {
                let escapedName = "";
                nameLoop: for (let j = i + 1; j < arg.length; j++) {
                  let char = arg.charAt(j);
                  switch (char) {
                    case "\r":
                    case "\n":
                    case " ":
                    case "	":
                      continue;
                    case "$":
                    case "'":
                    case '"':
                      let varStart = this.document.positionAt(offset + i);
                      variables.push(new variable_1.Variable(escapedName, vscode_languageserver_types_1.Range.create(this.document.positionAt(offset + i + 1), this.document.positionAt(offset + j)), vscode_languageserver_types_1.Range.create(varStart, this.document.positionAt(offset + j)), null, null, null, null, this.dockerfile.resolveVariable(escapedName, varStart.line) !== void 0, this.isBuildVariable(escapedName, varStart.line), "$" + escapedName));
                      i = j - 1;
                      continue variableLoop;
                    case this.escapeChar:
                      for (let k = j + 1; k < arg.length; k++) {
                        switch (arg.charAt(k)) {
                          case " ":
                          case "	":
                          case "\r":
                            continue;
                          case "\n":
                            j = k;
                            continue nameLoop;
                        }
                      }
                      let start2 = this.document.positionAt(offset + i);
                      variables.push(new variable_1.Variable(escapedName, vscode_languageserver_types_1.Range.create(this.document.positionAt(offset + i + 1), this.document.positionAt(offset + j)), vscode_languageserver_types_1.Range.create(start2, this.document.positionAt(offset + j)), null, null, null, null, this.dockerfile.resolveVariable(escapedName, start2.line) !== void 0, this.isBuildVariable(escapedName, start2.line), "$" + escapedName));
                      break variableLoop;
                  }
                  if (char.match(/^[a-z0-9_]+$/i) === null) {
                    let varStart = this.document.positionAt(offset + i);
                    variables.push(new variable_1.Variable(escapedName, vscode_languageserver_types_1.Range.create(this.document.positionAt(offset + i + 1), this.document.positionAt(offset + j)), vscode_languageserver_types_1.Range.create(varStart, this.document.positionAt(offset + j)), null, null, null, null, this.dockerfile.resolveVariable(escapedName, varStart.line) !== void 0, this.isBuildVariable(escapedName, varStart.line), "$" + escapedName));
                    i = j - 1;
                    continue variableLoop;
                  }
                  escapedName += char;
                }
                let start = this.document.positionAt(offset + i);
                variables.push(new variable_1.Variable(escapedName, vscode_languageserver_types_1.Range.create(this.document.positionAt(offset + i + 1), this.document.positionAt(offset + arg.length)), vscode_languageserver_types_1.Range.create(start, this.document.positionAt(offset + arg.length)), null, null, null, null, this.dockerfile.resolveVariable(escapedName, start.line) !== void 0, this.isBuildVariable(escapedName, start.line), "$" + escapedName));
              }
              break variableLoop;
          }
        }
        return variables;
      }
      isBuildVariable(variable, line) {
        if (this.getKeyword() === main_1.Keyword.FROM) {
          for (const initialArg of this.dockerfile.getInitialARGs()) {
            const arg = initialArg;
            const property = arg.getProperty();
            if (property && variable === property.getName()) {
              return true;
            }
          }
          return void 0;
        }
        let image = this.dockerfile.getContainingImage(vscode_languageserver_types_1.Position.create(line, 0));
        let envs = image.getENVs();
        for (let i = envs.length - 1; i >= 0; i--) {
          if (envs[i].isBefore(line)) {
            for (let property of envs[i].getProperties()) {
              if (property.getName() === variable) {
                return false;
              }
            }
          }
        }
        let args = image.getARGs();
        for (let i = args.length - 1; i >= 0; i--) {
          if (args[i].isBefore(line)) {
            let property = args[i].getProperty();
            if (property && property.getName() === variable) {
              return true;
            }
          }
        }
        return void 0;
      }
      createSingleLineHeredocs(args) {
        const heredocs = [];
        for (const arg of args) {
          const value = arg.getValue();
          if (value.startsWith("<<") && util_1.Util.parseHeredocName(value) !== null) {
            const startRange = arg.getRange();
            const nameRange = this.getNameRange(startRange);
            const name = this.getName(nameRange);
            heredocs.push(new heredoc_1.Heredoc(startRange, name, nameRange, null, null));
          }
        }
        return heredocs;
      }
      getName(nameRange) {
        const content = this.document.getText(nameRange);
        let escaping = false;
        let name = "";
        nameLoop: for (let i = 0; i < content.length; i++) {
          const ch = content.charAt(i);
          switch (ch) {
            case this.escapeChar:
              escaping = true;
              for (let j = i + 1; j < content.length; j++) {
                switch (content.charAt(j)) {
                  case " ":
                  case "	":
                    break;
                  case "\r":
                    i = j + 1;
                    continue nameLoop;
                  case "\n":
                    i = j;
                    continue nameLoop;
                  default:
                    name += content.charAt(j);
                    i = j;
                    continue nameLoop;
                }
              }
              break;
            case "#":
              if (escaping) {
                for (let j = i + 1; j < content.length; j++) {
                  switch (content.charAt(j)) {
                    case "\n":
                      i = j;
                      continue nameLoop;
                  }
                }
              }
            case " ":
            case "	":
            case "\r":
            case "\n":
              if (escaping) {
                break;
              }
            default:
              name += ch;
              break;
          }
        }
        return name;
      }
      getNameRange(startRange) {
        const content = this.document.getText(startRange);
        let endFound = false;
        let searchHyphen = false;
        let start = -1;
        let end = -1;
        let escaping = false;
        let quote = null;
        contentLoop: for (let i = 0; i < content.length; i++) {
          const ch = content.charAt(i);
          switch (ch) {
            case '"':
            case "'":
              if (quote === ch) {
                break contentLoop;
              }
              quote = ch;
              continue;
            case this.escapeChar:
              for (let j = i + 1; j < content.length; j++) {
                switch (content.charAt(j)) {
                  case "\n":
                    escaping = true;
                    j = i;
                    continue contentLoop;
                }
              }
              break;
            case " ":
            case "	":
            case "\r":
            case "\n":
              break;
            case "<":
              if (endFound) {
                searchHyphen = true;
              } else {
                endFound = true;
              }
              break;
            case "-":
              if (searchHyphen) {
                searchHyphen = false;
                break;
              }
            case "#":
              if (escaping) {
                for (let j = i + 1; j < content.length; j++) {
                  switch (content.charAt(j)) {
                    case "\n":
                      i = j;
                      continue contentLoop;
                  }
                }
              }
            default:
              if (start === -1) {
                start = i;
              }
              if (quote !== null) {
                end = i + 1;
                break;
              }
              break contentLoop;
          }
        }
        if (start === -1) {
          return vscode_languageserver_types_1.Range.create(startRange.end, startRange.end);
        }
        const nameStart = this.document.positionAt(this.document.offsetAt(startRange.start) + start);
        const nameEnd = quote !== null ? this.document.positionAt(this.document.offsetAt(startRange.start) + end) : startRange.end;
        return vscode_languageserver_types_1.Range.create(nameStart, nameEnd);
      }
      getHeredocs() {
        const args = this.getArguments();
        if (args.length === 0) {
          return [];
        }
        const heredocs = [];
        const range = this.getRange();
        if (range.start.line === range.end.line) {
          return this.createSingleLineHeredocs(args);
        }
        const heredocDefinitions = [];
        let heredocsProcessed = false;
        let escaping = false;
        let contentStart = -1;
        let contentEnd = -1;
        let lineStart = -1;
        let currentHeredoc = 0;
        const startOffset = this.document.offsetAt(args[0].getRange().start);
        const content = this.getRangeContent(vscode_languageserver_types_1.Range.create(args[0].getRange().start, this.getRange().end));
        contentLoop: for (let i = 0; i < content.length; i++) {
          switch (content.charAt(i)) {
            case this.escapeChar:
              escaping = true;
              for (let j = i + 1; j < content.length; j++) {
                switch (content.charAt(j)) {
                  case " ":
                  case "	":
                    break;
                  case "\r":
                    j++;
                  case "\n":
                    i = j;
                    continue contentLoop;
                  default:
                    i = j;
                    continue contentLoop;
                }
              }
              break;
            case "\r":
              break;
            case "\n":
              if (escaping) {
                break;
              }
              if (heredocsProcessed) {
                if (contentStart === -1) {
                  contentStart = i;
                }
                contentEnd = i;
                const arg = heredocDefinitions[currentHeredoc];
                const startRange = arg.getRange();
                const nameRange = this.getNameRange(startRange);
                const name = this.getName(nameRange);
                const delimiterRange = this.getDelimiterRange(arg, name, vscode_languageserver_types_1.Range.create(this.document.positionAt(startOffset + lineStart), this.document.positionAt(startOffset + i)));
                if (delimiterRange !== null) {
                  const contentRange = vscode_languageserver_types_1.Range.create(this.document.positionAt(startOffset + contentStart), this.document.positionAt(startOffset + lineStart - 1));
                  heredocs.push(new heredoc_1.Heredoc(startRange, name, nameRange, contentRange, delimiterRange));
                  contentStart = -1;
                  currentHeredoc++;
                }
                lineStart = -1;
              } else {
                const offsetLimit = startOffset + i;
                for (const arg of args) {
                  if (this.document.offsetAt(arg.getRange().start) < offsetLimit) {
                    if (arg.getValue().startsWith("<<")) {
                      heredocDefinitions.push(arg);
                    }
                  } else {
                    break;
                  }
                }
                heredocsProcessed = true;
                lineStart = -1;
                continue contentLoop;
              }
              break;
            case " ":
            case "	":
              if (escaping) {
                break;
              }
            case "#":
              if (escaping) {
                for (let j = i + 1; j < content.length; j++) {
                  switch (content.charAt(j)) {
                    case "\n":
                      i = j;
                      continue contentLoop;
                  }
                }
              }
            default:
              if (escaping) {
                escaping = false;
              }
              if (heredocsProcessed) {
                if (contentStart === -1) {
                  contentStart = i;
                }
                if (lineStart === -1) {
                  lineStart = i;
                }
              }
              break;
          }
        }
        if (heredocsProcessed) {
          const arg = heredocDefinitions[currentHeredoc];
          const startRange = arg.getRange();
          const nameRange = this.getNameRange(startRange);
          const name = this.getName(nameRange);
          let contentRange = null;
          const delimiterRange = this.getDelimiterRange(arg, name, vscode_languageserver_types_1.Range.create(this.document.positionAt(startOffset + lineStart), range.end));
          if (delimiterRange === null) {
            contentRange = vscode_languageserver_types_1.Range.create(this.document.positionAt(startOffset + contentStart), range.end);
          } else if (contentEnd !== -1) {
            contentRange = vscode_languageserver_types_1.Range.create(this.document.positionAt(startOffset + contentStart), this.document.positionAt(startOffset + contentEnd));
          }
          heredocs.push(new heredoc_1.Heredoc(startRange, name, nameRange, contentRange, delimiterRange));
          currentHeredoc++;
          for (let i = currentHeredoc; i < heredocDefinitions.length; i++) {
            const arg2 = heredocDefinitions[currentHeredoc];
            const startRange2 = arg2.getRange();
            const nameRange2 = this.getNameRange(startRange2);
            const name2 = this.getName(nameRange2);
            heredocs.push(new heredoc_1.Heredoc(startRange2, name2, nameRange2, null, null));
            currentHeredoc++;
          }
        } else {
          return this.createSingleLineHeredocs(args);
        }
        return heredocs;
      }
      getDelimiterRange(startArg, name, candidateRange) {
        const text5 = this.document.getText(candidateRange);
        if (startArg.getValue().startsWith("<<-")) {
          let index = 0;
          while (text5.charAt(index) === "	") {
            index++;
          }
          if (text5.substring(index) === name) {
            return vscode_languageserver_types_1.Range.create(vscode_languageserver_types_1.Position.create(candidateRange.start.line, index), candidateRange.end);
          }
          return null;
        }
        return text5 === name ? candidateRange : null;
      }
    };
    exports.Instruction = Instruction;
  }
});

// node_modules/dockerfile-ast/lib/flagOption.js
var require_flagOption = __commonJS({
  "node_modules/dockerfile-ast/lib/flagOption.js"(exports) {
    "use strict";
    Object.defineProperty(exports, "__esModule", { value: true });
    exports.FlagOption = void 0;
    var FlagOption = class {
      constructor(range, name, nameRange, value, valueRange) {
        this.range = range;
        this.name = name;
        this.nameRange = nameRange;
        this.value = value;
        this.valueRange = valueRange;
      }
      toString() {
        if (this.valueRange !== null) {
          return this.name + "=" + this.value;
        }
        return this.name;
      }
      getRange() {
        return this.range;
      }
      getName() {
        return this.name;
      }
      getNameRange() {
        return this.nameRange;
      }
      getValue() {
        return this.value;
      }
      getValueRange() {
        return this.valueRange;
      }
    };
    exports.FlagOption = FlagOption;
  }
});

// node_modules/dockerfile-ast/lib/flag.js
var require_flag = __commonJS({
  "node_modules/dockerfile-ast/lib/flag.js"(exports) {
    "use strict";
    Object.defineProperty(exports, "__esModule", { value: true });
    exports.Flag = void 0;
    var vscode_languageserver_types_1 = (init_main(), __toCommonJS(main_exports));
    var flagOption_1 = require_flagOption();
    var Flag = class {
      constructor(document, range, name, nameRange, value, valueRange) {
        this.options = [];
        this.range = range;
        this.name = name;
        this.nameRange = nameRange;
        this.value = value;
        this.valueRange = valueRange;
        if (this.value !== null) {
          let offset = document.offsetAt(valueRange.start);
          let nameStart = -1;
          let valueStart = -1;
          let hasOptions = false;
          for (let i = 0; i < value.length; i++) {
            switch (value.charAt(i)) {
              case "=":
                hasOptions = true;
                if (valueStart === -1) {
                  valueStart = i + 1;
                  break;
                }
                break;
              case ",":
                this.options.push(this.createFlagOption(document, value, offset, nameStart, valueStart, i));
                nameStart = -1;
                valueStart = -1;
                break;
              default:
                if (nameStart === -1) {
                  nameStart = i;
                }
                break;
            }
          }
          if (hasOptions && nameStart !== -1) {
            this.options.push(this.createFlagOption(document, value, offset, nameStart, valueStart, value.length));
          }
        }
      }
      createFlagOption(document, content, documentOffset, nameStart, valueStart, valueEnd) {
        const optionRange = vscode_languageserver_types_1.Range.create(document.positionAt(documentOffset + nameStart), document.positionAt(documentOffset + valueEnd));
        if (valueStart === -1) {
          return new flagOption_1.FlagOption(optionRange, content.substring(nameStart, valueEnd), optionRange, null, null);
        }
        return new flagOption_1.FlagOption(optionRange, content.substring(nameStart, valueStart - 1), vscode_languageserver_types_1.Range.create(document.positionAt(documentOffset + nameStart), document.positionAt(documentOffset + valueStart - 1)), content.substring(valueStart, valueEnd), vscode_languageserver_types_1.Range.create(document.positionAt(documentOffset + valueStart), document.positionAt(documentOffset + valueEnd)));
      }
      toString() {
        if (this.valueRange) {
          return "--" + this.name + "=" + this.value;
        }
        return "--" + this.name;
      }
      /**
       * Returns the range that encompasses this entire flag. This includes the
       * -- prefix in the beginning to the last character of the flag's value (if
       * it has been defined).
       *
       * @return the entire range of this flag
       */
      getRange() {
        return this.range;
      }
      /**
       * Returns the name of this flag. The name does not include the -- prefix.
       * Thus, for HEALTHCHECK's --interval flag, interval is the flag's name and
       * not --interval.
       *
       * @return this flag's name
       */
      getName() {
        return this.name;
      }
      /**
       * Returns the range that encompasses the flag's name
       *
       * @return the range containing the flag's name
       */
      getNameRange() {
        return this.nameRange;
      }
      /**
       * Returns the value that has been set to this flag. May be null if the
       * flag is invalid and has no value set like a --start-period. If the flag
       * is instead a --start-period= with an equals sign then the flag's value
       * is the empty string.
       *
       * @return this flag's value if it has been defined, null otherwise
       */
      getValue() {
        return this.value;
      }
      /**
       * Returns the range that encompasses this flag's value. If no value has
       * been set then null will be returned.
       *
       * @return the range containing this flag's value, or null if the flag
       *         has no value defined
       */
      getValueRange() {
        return this.valueRange;
      }
      getOption(name) {
        for (const option of this.options) {
          if (option.getName() === name) {
            return option;
          }
        }
        return null;
      }
      getOptions() {
        return this.options;
      }
      hasOptions() {
        return this.options.length > 0;
      }
    };
    exports.Flag = Flag;
  }
});

// node_modules/dockerfile-ast/lib/modifiableInstruction.js
var require_modifiableInstruction = __commonJS({
  "node_modules/dockerfile-ast/lib/modifiableInstruction.js"(exports) {
    "use strict";
    Object.defineProperty(exports, "__esModule", { value: true });
    exports.ModifiableInstruction = void 0;
    var vscode_languageserver_types_1 = (init_main(), __toCommonJS(main_exports));
    var flag_1 = require_flag();
    var instruction_1 = require_instruction();
    var ModifiableInstruction = class extends instruction_1.Instruction {
      constructor(document, range, dockerfile, escapeChar, instruction, instructionRange) {
        super(document, range, dockerfile, escapeChar, instruction, instructionRange);
      }
      getFlags() {
        if (!this.flags) {
          this.flags = [];
          for (let arg of this.getArguments()) {
            let value = arg.getValue();
            if (this.stopSearchingForFlags(value)) {
              return this.flags;
            } else if (value.indexOf("--") === 0) {
              let range = arg.getRange();
              let rawValue = this.document.getText().substring(this.document.offsetAt(range.start), this.document.offsetAt(range.end));
              let nameIndex = value.indexOf("=");
              let index = rawValue.indexOf("=");
              let firstMatch = false;
              let secondMatch = false;
              let startIndex = -1;
              nameSearchLoop: for (let i = 0; i < rawValue.length; i++) {
                switch (rawValue.charAt(i)) {
                  case "\\":
                  case " ":
                  case "	":
                  case "\r":
                  case "\n":
                    break;
                  case "-":
                    if (secondMatch) {
                      startIndex = i;
                      break nameSearchLoop;
                    } else if (firstMatch) {
                      secondMatch = true;
                    } else {
                      firstMatch = true;
                    }
                    break;
                  default:
                    startIndex = i;
                    break nameSearchLoop;
                }
              }
              let nameStart = this.document.positionAt(this.document.offsetAt(range.start) + startIndex);
              if (index === -1) {
                this.flags.push(new flag_1.Flag(this.document, range, value.substring(2), vscode_languageserver_types_1.Range.create(nameStart, range.end), null, null));
              } else if (index === value.length - 1) {
                let nameEnd = this.document.positionAt(this.document.offsetAt(range.start) + index);
                this.flags.push(new flag_1.Flag(this.document, range, value.substring(2, index), vscode_languageserver_types_1.Range.create(nameStart, nameEnd), "", vscode_languageserver_types_1.Range.create(range.end, range.end)));
              } else {
                let nameEnd = this.document.positionAt(this.document.offsetAt(range.start) + index);
                this.flags.push(new flag_1.Flag(this.document, range, value.substring(2, nameIndex), vscode_languageserver_types_1.Range.create(nameStart, nameEnd), value.substring(nameIndex + 1), vscode_languageserver_types_1.Range.create(this.document.positionAt(this.document.offsetAt(range.start) + index + 1), range.end)));
              }
            }
          }
        }
        return this.flags;
      }
      getArguments() {
        const args = super.getArguments();
        const flags = this.getFlags();
        if (flags.length === 0) {
          return args;
        }
        for (let i = 0; i < flags.length; i++) {
          args.shift();
        }
        return args;
      }
    };
    exports.ModifiableInstruction = ModifiableInstruction;
  }
});

// node_modules/dockerfile-ast/lib/jsonInstruction.js
var require_jsonInstruction = __commonJS({
  "node_modules/dockerfile-ast/lib/jsonInstruction.js"(exports) {
    "use strict";
    Object.defineProperty(exports, "__esModule", { value: true });
    exports.JSONInstruction = void 0;
    var vscode_languageserver_types_1 = (init_main(), __toCommonJS(main_exports));
    var argument_1 = require_argument();
    var jsonArgument_1 = require_jsonArgument();
    var modifiableInstruction_1 = require_modifiableInstruction();
    var JSONInstruction = class extends modifiableInstruction_1.ModifiableInstruction {
      constructor(document, range, dockerfile, escapeChar, instruction, instructionRange) {
        super(document, range, dockerfile, escapeChar, instruction, instructionRange);
        this.openingBracket = null;
        this.closingBracket = null;
        this.jsonStrings = [];
        const argsContent = this.getRawArgumentsContent();
        if (argsContent === null) {
          return;
        }
        const args = this.getArguments();
        if (args.length === 1 && args[0].getValue() === "[]") {
          let argRange = args[0].getRange();
          this.openingBracket = new argument_1.Argument("[", vscode_languageserver_types_1.Range.create(argRange.start.line, argRange.start.character, argRange.start.line, argRange.start.character + 1));
          this.closingBracket = new argument_1.Argument("]", vscode_languageserver_types_1.Range.create(argRange.start.line, argRange.start.character + 1, argRange.end.line, argRange.end.character));
          return;
        } else if (args.length === 2 && args[0].getValue() === "[" && args[1].getValue() === "]") {
          this.openingBracket = args[0];
          this.closingBracket = args[1];
          return;
        }
        const argsOffset = document.offsetAt(this.getArgumentsRange().start);
        let start = -1;
        let last = "";
        let quoted = false;
        let escapedArg = "";
        argsCheck: for (let i = 0; i < argsContent.length; i++) {
          let char = argsContent.charAt(i);
          switch (char) {
            case "[":
              if (last === "") {
                this.openingBracket = new argument_1.Argument("[", vscode_languageserver_types_1.Range.create(document.positionAt(argsOffset + i), document.positionAt(argsOffset + i + 1)));
                last = "[";
              } else if (quoted) {
                escapedArg = escapedArg + char;
              } else {
                break argsCheck;
              }
              break;
            case '"':
              if (last === "[" || last === ",") {
                start = i;
                quoted = true;
                last = '"';
                escapedArg = escapedArg + char;
                continue;
              } else if (last === '"') {
                if (quoted) {
                  escapedArg = escapedArg + char;
                  quoted = false;
                  this.jsonStrings.push(new jsonArgument_1.JSONArgument(escapedArg, vscode_languageserver_types_1.Range.create(document.positionAt(argsOffset + start), document.positionAt(argsOffset + i + 1)), vscode_languageserver_types_1.Range.create(document.positionAt(argsOffset + start + 1), document.positionAt(argsOffset + i))));
                  escapedArg = "";
                } else {
                  break argsCheck;
                }
              } else {
                break argsCheck;
              }
              break;
            case ",":
              if (quoted) {
                escapedArg = escapedArg + char;
              } else {
                if (last === '"') {
                  last = ",";
                } else {
                  break argsCheck;
                }
              }
              break;
            case "]":
              if (quoted) {
                escapedArg = escapedArg + char;
              } else if (last !== "") {
                this.closingBracket = new argument_1.Argument("]", vscode_languageserver_types_1.Range.create(document.positionAt(argsOffset + i), document.positionAt(argsOffset + i + 1)));
                break argsCheck;
              }
              break;
            case " ":
            case "	":
              break;
            case "\\":
              if (quoted) {
                switch (argsContent.charAt(i + 1)) {
                  case '"':
                  case "\\":
                    escapedArg = escapedArg + argsContent.charAt(i + 1);
                    i++;
                    continue;
                  case " ":
                  case "	":
                    escapeCheck: for (let j = i + 2; j < argsContent.length; j++) {
                      switch (argsContent.charAt(j)) {
                        case "\r":
                          j++;
                        case "\n":
                          i = j;
                          continue argsCheck;
                        case " ":
                        case "	":
                          break;
                        default:
                          break escapeCheck;
                      }
                    }
                    break;
                  case "\r":
                    i++;
                  default:
                    i++;
                    continue;
                }
              } else {
                escapeCheck: for (let j = i + 1; j < argsContent.length; j++) {
                  switch (argsContent.charAt(j)) {
                    case "\r":
                      j++;
                    case "\n":
                      i = j;
                      continue argsCheck;
                    case " ":
                    case "	":
                      break;
                    default:
                      break escapeCheck;
                  }
                }
              }
              break argsCheck;
            default:
              if (!quoted) {
                break argsCheck;
              }
              escapedArg = escapedArg + char;
              break;
          }
        }
      }
      stopSearchingForFlags(_value) {
        return true;
      }
      getOpeningBracket() {
        return this.openingBracket;
      }
      getJSONStrings() {
        return this.jsonStrings;
      }
      getClosingBracket() {
        return this.closingBracket;
      }
    };
    exports.JSONInstruction = JSONInstruction;
  }
});

// node_modules/dockerfile-ast/lib/instructions/add.js
var require_add = __commonJS({
  "node_modules/dockerfile-ast/lib/instructions/add.js"(exports) {
    "use strict";
    Object.defineProperty(exports, "__esModule", { value: true });
    exports.Add = void 0;
    var jsonInstruction_1 = require_jsonInstruction();
    var Add = class extends jsonInstruction_1.JSONInstruction {
      constructor(document, range, dockerfile, escapeChar, instruction, instructionRange) {
        super(document, range, dockerfile, escapeChar, instruction, instructionRange);
      }
      stopSearchingForFlags(argument) {
        return argument.indexOf("--") === -1;
      }
    };
    exports.Add = Add;
  }
});

// node_modules/dockerfile-ast/lib/property.js
var require_property = __commonJS({
  "node_modules/dockerfile-ast/lib/property.js"(exports) {
    "use strict";
    Object.defineProperty(exports, "__esModule", { value: true });
    exports.Property = void 0;
    var vscode_languageserver_types_1 = (init_main(), __toCommonJS(main_exports));
    var util_1 = require_util();
    var Property = class _Property {
      constructor(document, escapeChar, arg, arg2) {
        this.assignmentOperatorRange = null;
        this.assignmentOperator = null;
        this.valueRange = null;
        this.value = null;
        this.document = document;
        this.escapeChar = escapeChar;
        this.nameRange = _Property.getNameRange(document, arg);
        let value = document.getText().substring(document.offsetAt(this.nameRange.start), document.offsetAt(this.nameRange.end));
        this.name = _Property.getValue(value, escapeChar);
        if (arg2) {
          this.valueRange = arg2.getRange();
          value = document.getText().substring(document.offsetAt(this.valueRange.start), document.offsetAt(this.valueRange.end));
          this.value = _Property.getValue(value, escapeChar);
          this.range = vscode_languageserver_types_1.Range.create(this.nameRange.start, this.valueRange.end);
        } else {
          let argRange = arg.getRange();
          if (this.nameRange.start.line === argRange.start.line && this.nameRange.start.character === argRange.start.character && this.nameRange.end.line === argRange.end.line && this.nameRange.end.character === argRange.end.character) {
          } else {
            this.valueRange = _Property.getValueRange(document, arg);
            value = document.getText().substring(document.offsetAt(this.valueRange.start), document.offsetAt(this.valueRange.end));
            this.value = _Property.getValue(value, escapeChar);
            this.assignmentOperatorRange = vscode_languageserver_types_1.Range.create(this.nameRange.end, this.valueRange.start);
            this.assignmentOperator = "=";
          }
          this.range = argRange;
        }
      }
      getRange() {
        return this.range;
      }
      getName() {
        return this.name;
      }
      getNameRange() {
        return this.nameRange;
      }
      getValue() {
        return this.value;
      }
      getValueRange() {
        return this.valueRange;
      }
      /**
       * Retrieves the operator used for delimiting between the name and
       * value of this property. This will either be the "=" character
       * or null if a character was not used or if this property has no
       * value defined.
       */
      getAssignmentOperator() {
        return this.assignmentOperator;
      }
      getAssignmentOperatorRange() {
        return this.assignmentOperatorRange;
      }
      /**
       * Returns the value of this property including any enclosing
       * single or double quotes and relevant escape characters.
       * Escaped newlines and its associated contiguous whitespace
       * characters however will not be returned as they are deemed to
       * be uninteresting to clients trying to return a Dockerfile.
       *
       * @return the unescaped value of this property or null if this
       *         property has no associated value
       */
      getUnescapedValue() {
        if (this.valueRange === null) {
          return null;
        }
        let escaped = false;
        let rawValue = "";
        let value = this.document.getText().substring(this.document.offsetAt(this.valueRange.start), this.document.offsetAt(this.valueRange.end));
        rawLoop: for (let i = 0; i < value.length; i++) {
          let char = value.charAt(i);
          switch (char) {
            case this.escapeChar:
              for (let j = i + 1; j < value.length; j++) {
                switch (value.charAt(j)) {
                  case "\r":
                    j++;
                  case "\n":
                    escaped = true;
                    i = j;
                    continue rawLoop;
                  case " ":
                  case "	":
                    break;
                  default:
                    rawValue = rawValue + char;
                    continue rawLoop;
                }
              }
              rawValue = rawValue + char;
              break;
            case "\r":
            case "\n":
              break;
            case " ":
            case "	":
              if (!escaped) {
                rawValue = rawValue + char;
              }
              break;
            case "#":
              if (escaped) {
                for (let j = i + 1; j < value.length; j++) {
                  switch (value.charAt(j)) {
                    case "\r":
                      j++;
                    case "\n":
                      i = j;
                      continue rawLoop;
                  }
                }
              } else {
                rawValue = rawValue + char;
              }
              break;
            default:
              rawValue = rawValue + char;
              escaped = false;
              break;
          }
        }
        return rawValue;
      }
      static getNameRange(document, arg) {
        let value = arg.getValue();
        let index = value.indexOf("=");
        if (index !== -1) {
          let initial = value.charAt(0);
          let before = value.charAt(index - 1);
          if (initial === '"' && before === '"' || initial === "'" && before === "'" || initial !== '"' && initial !== "'") {
            return vscode_languageserver_types_1.Range.create(arg.getRange().start, document.positionAt(document.offsetAt(arg.getRange().start) + index));
          }
        }
        return arg.getRange();
      }
      static getValueRange(document, arg) {
        return vscode_languageserver_types_1.Range.create(document.positionAt(document.offsetAt(arg.getRange().start) + arg.getValue().indexOf("=") + 1), document.positionAt(document.offsetAt(arg.getRange().end)));
      }
      /**
       * Returns the actual value of this key-value pair. The value will
       * have its escape characters removed if applicable. If the value
       * spans multiple lines and there are comments nested within the
       * lines, they too will be removed.
       *
       * @return the value that this key-value pair will actually be, may
       *         be null if no value is defined, may be the empty string
       *         if the value only consists of whitespace
       */
      static getValue(value, escapeChar) {
        let escaped = false;
        const skip = util_1.Util.findLeadingNonWhitespace(value, escapeChar);
        if (skip !== 0 && value.charAt(skip) === "#") {
          escaped = true;
        }
        value = value.substring(skip);
        let first = value.charAt(0);
        let last = value.charAt(value.length - 1);
        let literal = first === "'" || first === '"';
        let inSingle = first === "'" && last === "'";
        let inDouble = false;
        if (first === '"') {
          for (let i = 1; i < value.length; i++) {
            if (value.charAt(i) === escapeChar) {
              i++;
            } else if (value.charAt(i) === '"' && i === value.length - 1) {
              inDouble = true;
            }
          }
        }
        if (inSingle || inDouble) {
          value = value.substring(1, value.length - 1);
        }
        let commentCheck = -1;
        let escapedValue = "";
        let start = 0;
        parseValue: for (let i = 0; i < value.length; i++) {
          let char = value.charAt(i);
          switch (char) {
            case escapeChar:
              if (i + 1 === value.length) {
                escapedValue = escapedValue + escapeChar;
                break parseValue;
              }
              char = value.charAt(i + 1);
              if (char === " " || char === "	") {
                whitespaceCheck: for (let j = i + 2; j < value.length; j++) {
                  let char2 = value.charAt(j);
                  switch (char2) {
                    case " ":
                    case "	":
                      break;
                    case "\r":
                      j++;
                    case "\n":
                      escaped = true;
                      i = j;
                      continue parseValue;
                    default:
                      if (!inDouble && !inSingle && !literal) {
                        if (char2 === escapeChar) {
                          escapedValue = escapedValue + char;
                          i = i + 1;
                        } else {
                          escapedValue = escapedValue + char + char2;
                          i = j;
                        }
                        continue parseValue;
                      }
                      break whitespaceCheck;
                  }
                }
              }
              if (inDouble) {
                if (char === "\r") {
                  escaped = true;
                  i = i + 2;
                } else if (char === "\n") {
                  escaped = true;
                  i++;
                } else if (char !== '"') {
                  if (char === escapeChar) {
                    i++;
                  }
                  escapedValue = escapedValue + escapeChar;
                }
                continue parseValue;
              } else if (inSingle || literal) {
                if (char === "\r") {
                  escaped = true;
                  i = i + 2;
                } else if (char === "\n") {
                  escaped = true;
                  i++;
                } else {
                  escapedValue = escapedValue + escapeChar;
                }
                continue parseValue;
              } else if (char === escapeChar) {
                escapedValue = escapedValue + escapeChar;
                i++;
              } else if (char === "\r") {
                escaped = true;
                i = i + 2;
              } else if (char === "\n") {
                escaped = true;
                i++;
                start = i;
              } else {
                escapedValue = escapedValue + char;
                i++;
              }
              break;
            case " ":
            case "	":
              if (escaped && commentCheck === -1) {
                commentCheck = i;
              }
              escapedValue = escapedValue + char;
              break;
            case "\r":
              i++;
            case "\n":
              if (escaped && commentCheck !== -1) {
                escapedValue = escapedValue.substring(0, escapedValue.length - (i - commentCheck - 1));
                commentCheck = -1;
              }
              break;
            case "#":
              if (escaped) {
                if (commentCheck !== -1) {
                  escapedValue = escapedValue.substring(0, escapedValue.length - (i - commentCheck));
                  commentCheck = -1;
                }
                newlineCheck: for (let j = i + 1; j < value.length; j++) {
                  switch (value.charAt(j)) {
                    case "\r":
                      j++;
                    case "\n":
                      i = j;
                      break newlineCheck;
                  }
                }
                continue parseValue;
              }
            default:
              if (escaped) {
                escaped = false;
                commentCheck = -1;
              }
              escapedValue = escapedValue + char;
              break;
          }
        }
        return escapedValue;
      }
    };
    exports.Property = Property;
  }
});

// node_modules/dockerfile-ast/lib/propertyInstruction.js
var require_propertyInstruction = __commonJS({
  "node_modules/dockerfile-ast/lib/propertyInstruction.js"(exports) {
    "use strict";
    Object.defineProperty(exports, "__esModule", { value: true });
    exports.PropertyInstruction = void 0;
    var vscode_languageserver_types_1 = (init_main(), __toCommonJS(main_exports));
    var instruction_1 = require_instruction();
    var property_1 = require_property();
    var argument_1 = require_argument();
    var util_1 = require_util();
    var PropertyInstruction = class extends instruction_1.Instruction {
      constructor(document, range, dockerfile, escapeChar, instruction, instructionRange) {
        super(document, range, dockerfile, escapeChar, instruction, instructionRange);
        this.properties = void 0;
      }
      getProperties() {
        if (this.properties === void 0) {
          let args = this.getPropertyArguments();
          if (args.length === 0) {
            this.properties = [];
          } else if (args.length === 1) {
            this.properties = [new property_1.Property(this.document, this.escapeChar, args[0])];
          } else if (args.length === 2) {
            if (args[0].getValue().indexOf("=") === -1) {
              this.properties = [new property_1.Property(this.document, this.escapeChar, args[0], args[1])];
            } else {
              this.properties = [
                new property_1.Property(this.document, this.escapeChar, args[0]),
                new property_1.Property(this.document, this.escapeChar, args[1])
              ];
            }
          } else if (args[0].getValue().indexOf("=") === -1) {
            let text5 = this.document.getText();
            let start = args[1].getRange().start;
            let end = args[args.length - 1].getRange().end;
            text5 = text5.substring(this.document.offsetAt(start), this.document.offsetAt(end));
            this.properties = [new property_1.Property(this.document, this.escapeChar, args[0], new argument_1.Argument(text5, vscode_languageserver_types_1.Range.create(args[1].getRange().start, args[args.length - 1].getRange().end)))];
          } else {
            this.properties = [];
            for (let i = 0; i < args.length; i++) {
              this.properties.push(new property_1.Property(this.document, this.escapeChar, args[i]));
            }
          }
        }
        return this.properties;
      }
      /**
       * Goes from the back of the string and returns the first
       * non-whitespace character that is found. If an escape character
       * is found with newline characters, the escape character will
       * not be considered a non-whitespace character and its index in
       * the string will not be returned.
       *
       * @param content the string to search through
       * @return the index in the string for the first non-whitespace
       *         character when searching from the end of the string
       */
      findTrailingNonWhitespace(content) {
        let index = content.length;
        whitespaceCheck: for (let i = content.length - 1; i >= 0; i--) {
          switch (content.charAt(i)) {
            case " ":
            case "	":
              continue;
            case "\n":
              if (content.charAt(i - 1) === "\r") {
                i = i - 1;
              }
            case "\r":
              newlineCheck: for (let j = i - 1; j >= 0; j--) {
                switch (content.charAt(j)) {
                  case " ":
                  case "	":
                  case "\r":
                  case "\n":
                  case this.escapeChar:
                    continue;
                  default:
                    index = j;
                    break newlineCheck;
                }
              }
              break whitespaceCheck;
            default:
              index = i;
              break whitespaceCheck;
          }
        }
        return index;
      }
      getPropertyArguments() {
        const args = [];
        let range = this.getInstructionRange();
        let instructionNameEndOffset = this.document.offsetAt(range.end);
        let extra = instructionNameEndOffset - this.document.offsetAt(range.start);
        let content = this.getTextContent();
        let fullArgs = content.substring(extra);
        let start = util_1.Util.findLeadingNonWhitespace(fullArgs, this.escapeChar);
        if (start === -1) {
          return [];
        }
        const startPosition = this.document.positionAt(instructionNameEndOffset + start);
        let escaped = range.start.line !== startPosition.line;
        let endingEscape = false;
        let mark = -1;
        let end = this.findTrailingNonWhitespace(fullArgs);
        content = fullArgs.substring(start, end + 1);
        let argStart = escaped ? -1 : 0;
        let spaced = false;
        argumentLoop: for (let i = 0; i < content.length; i++) {
          let char = content.charAt(i);
          switch (char) {
            case this.escapeChar:
              if (i + 1 === content.length) {
                endingEscape = true;
                break argumentLoop;
              }
              if (!escaped) {
                mark = i;
              }
              switch (content.charAt(i + 1)) {
                case " ":
                case "	":
                  if (!util_1.Util.isWhitespace(content.charAt(i + 2))) {
                    i = i + 1;
                    continue argumentLoop;
                  }
                  whitespaceCheck: for (let j = i + 2; j < content.length; j++) {
                    switch (content.charAt(j)) {
                      case "\r":
                        j++;
                      case "\n":
                        escaped = true;
                        i = j;
                        continue argumentLoop;
                      case " ":
                      case "	":
                        break;
                      default:
                        args.push(new argument_1.Argument(content.substring(argStart, i), vscode_languageserver_types_1.Range.create(this.document.positionAt(instructionNameEndOffset + start + argStart), this.document.positionAt(instructionNameEndOffset + start + i + 2))));
                        argStart = j;
                        break whitespaceCheck;
                    }
                  }
                  i = argStart - 1;
                  continue argumentLoop;
                case "\r":
                  i++;
                case "\n":
                  escaped = true;
                  i = i + 1;
                  continue argumentLoop;
                case this.escapeChar:
                  if (argStart === -1) {
                    argStart = i;
                  }
                  i = i + 1;
                  continue argumentLoop;
                default:
                  if (argStart === -1) {
                    argStart = i;
                  }
                  continue argumentLoop;
              }
            case "'":
            case '"':
              if (spaced) {
                this.createSpacedArgument(argStart, args, content, mark, instructionNameEndOffset, start);
                argStart = i;
                spaced = false;
              }
              if (argStart === -1) {
                argStart = i;
              }
              for (let j = i + 1; j < content.length; j++) {
                switch (content.charAt(j)) {
                  case char:
                    if (content.charAt(j + 1) !== " " && content.charAt(j + 1) !== "") {
                      i = j;
                      continue argumentLoop;
                    }
                    args.push(new argument_1.Argument(content.substring(argStart, j + 1), vscode_languageserver_types_1.Range.create(this.document.positionAt(instructionNameEndOffset + start + argStart), this.document.positionAt(instructionNameEndOffset + start + j + 1))));
                    i = j;
                    argStart = -1;
                    continue argumentLoop;
                  case this.escapeChar:
                    j++;
                    break;
                }
              }
              break argumentLoop;
            case " ":
            case "	":
              if (escaped) {
                if (argStart !== -1) {
                  spaced = true;
                }
              } else if (argStart !== -1) {
                args.push(new argument_1.Argument(content.substring(argStart, i), vscode_languageserver_types_1.Range.create(this.document.positionAt(instructionNameEndOffset + start + argStart), this.document.positionAt(instructionNameEndOffset + start + i))));
                argStart = -1;
              }
              break;
            case "\r":
              i++;
            case "\n":
              spaced = false;
              break;
            case "#":
              if (escaped) {
                for (let j = i + 1; j < content.length; j++) {
                  switch (content.charAt(j)) {
                    case "\r":
                      j++;
                    case "\n":
                      i = j;
                      spaced = false;
                      continue argumentLoop;
                  }
                }
                if (argStart !== -1) {
                  let value = content.substring(argStart, mark);
                  args.push(new argument_1.Argument(value, vscode_languageserver_types_1.Range.create(this.document.positionAt(instructionNameEndOffset + start + argStart), this.document.positionAt(instructionNameEndOffset + start + mark))));
                  argStart = -1;
                }
                break argumentLoop;
              } else if (argStart === -1) {
                argStart = i;
              }
              break;
            default:
              if (spaced) {
                this.createSpacedArgument(argStart, args, content, mark, instructionNameEndOffset, start);
                argStart = i;
                spaced = false;
              }
              escaped = false;
              if (argStart === -1) {
                argStart = i;
              }
              if (char === "$" && content.charAt(i + 1) === "{") {
                let singleQuotes = false;
                let doubleQuotes = false;
                let escaped2 = false;
                for (let j = i + 1; j < content.length; j++) {
                  switch (content.charAt(j)) {
                    case this.escapeChar:
                      escaped2 = true;
                      break;
                    case "\r":
                    case "\n":
                      break;
                    case "'":
                      singleQuotes = !singleQuotes;
                      escaped2 = false;
                      break;
                    case '"':
                      doubleQuotes = !doubleQuotes;
                      escaped2 = false;
                      break;
                    case " ":
                    case "	":
                      if (escaped2 || singleQuotes || doubleQuotes) {
                        break;
                      }
                      i = j - 1;
                      continue argumentLoop;
                    case "}":
                      i = j;
                      continue argumentLoop;
                    default:
                      escaped2 = false;
                      break;
                  }
                }
                break argumentLoop;
              }
              break;
          }
        }
        if (argStart !== -1 && argStart !== content.length) {
          let end2 = endingEscape ? content.length - 1 : content.length;
          let value = content.substring(argStart, end2);
          args.push(new argument_1.Argument(value, vscode_languageserver_types_1.Range.create(this.document.positionAt(instructionNameEndOffset + start + argStart), this.document.positionAt(instructionNameEndOffset + start + end2))));
        }
        return args;
      }
      createSpacedArgument(argStart, args, content, mark, instructionNameEndOffset, start) {
        if (argStart !== -1) {
          args.push(new argument_1.Argument(content.substring(argStart, mark), vscode_languageserver_types_1.Range.create(this.document.positionAt(instructionNameEndOffset + start + argStart), this.document.positionAt(instructionNameEndOffset + start + mark))));
        }
      }
    };
    exports.PropertyInstruction = PropertyInstruction;
  }
});

// node_modules/dockerfile-ast/lib/instructions/arg.js
var require_arg = __commonJS({
  "node_modules/dockerfile-ast/lib/instructions/arg.js"(exports) {
    "use strict";
    Object.defineProperty(exports, "__esModule", { value: true });
    exports.Arg = void 0;
    var property_1 = require_property();
    var propertyInstruction_1 = require_propertyInstruction();
    var Arg = class extends propertyInstruction_1.PropertyInstruction {
      constructor(document, range, dockerfile, escapeChar, instruction, instructionRange) {
        super(document, range, dockerfile, escapeChar, instruction, instructionRange);
        this.property = null;
        const args = this.getPropertyArguments();
        if (args.length === 1) {
          this.property = new property_1.Property(this.document, this.escapeChar, args[0]);
        } else {
          this.property = null;
        }
      }
      /**
       * Returns the variable defined by this ARG. This may be null if
       * this ARG instruction is malformed and has no variable
       * declaration.
       */
      getProperty() {
        return this.property;
      }
    };
    exports.Arg = Arg;
  }
});

// node_modules/dockerfile-ast/lib/instructions/cmd.js
var require_cmd = __commonJS({
  "node_modules/dockerfile-ast/lib/instructions/cmd.js"(exports) {
    "use strict";
    Object.defineProperty(exports, "__esModule", { value: true });
    exports.Cmd = void 0;
    var jsonInstruction_1 = require_jsonInstruction();
    var Cmd = class extends jsonInstruction_1.JSONInstruction {
      constructor(document, range, dockerfile, escapeChar, instruction, instructionRange) {
        super(document, range, dockerfile, escapeChar, instruction, instructionRange);
      }
    };
    exports.Cmd = Cmd;
  }
});

// node_modules/dockerfile-ast/lib/instructions/copy.js
var require_copy = __commonJS({
  "node_modules/dockerfile-ast/lib/instructions/copy.js"(exports) {
    "use strict";
    Object.defineProperty(exports, "__esModule", { value: true });
    exports.Copy = void 0;
    var jsonInstruction_1 = require_jsonInstruction();
    var Copy = class extends jsonInstruction_1.JSONInstruction {
      constructor(document, range, dockerfile, escapeChar, instruction, instructionRange) {
        super(document, range, dockerfile, escapeChar, instruction, instructionRange);
      }
      stopSearchingForFlags(argument) {
        return argument.indexOf("--") === -1;
      }
      getFromFlag() {
        let flags = super.getFlags();
        return flags.length === 1 && flags[0].getName() === "from" ? flags[0] : null;
      }
      /**
       * Returns there here-documents that are defined in this RUN
       * instruction.
       *
       * This API is experimental and subject to change.
       */
      getHeredocs() {
        return super.getHeredocs();
      }
    };
    exports.Copy = Copy;
  }
});

// node_modules/dockerfile-ast/lib/instructions/env.js
var require_env = __commonJS({
  "node_modules/dockerfile-ast/lib/instructions/env.js"(exports) {
    "use strict";
    Object.defineProperty(exports, "__esModule", { value: true });
    exports.Env = void 0;
    var propertyInstruction_1 = require_propertyInstruction();
    var Env = class extends propertyInstruction_1.PropertyInstruction {
      constructor(document, range, dockerfile, escapeChar, instruction, instructionRange) {
        super(document, range, dockerfile, escapeChar, instruction, instructionRange);
      }
      getProperties() {
        return super.getProperties();
      }
    };
    exports.Env = Env;
  }
});

// node_modules/dockerfile-ast/lib/instructions/entrypoint.js
var require_entrypoint = __commonJS({
  "node_modules/dockerfile-ast/lib/instructions/entrypoint.js"(exports) {
    "use strict";
    Object.defineProperty(exports, "__esModule", { value: true });
    exports.Entrypoint = void 0;
    var jsonInstruction_1 = require_jsonInstruction();
    var Entrypoint = class extends jsonInstruction_1.JSONInstruction {
      constructor(document, range, dockerfile, escapeChar, instruction, instructionRange) {
        super(document, range, dockerfile, escapeChar, instruction, instructionRange);
      }
    };
    exports.Entrypoint = Entrypoint;
  }
});

// node_modules/dockerfile-ast/lib/instructions/from.js
var require_from = __commonJS({
  "node_modules/dockerfile-ast/lib/instructions/from.js"(exports) {
    "use strict";
    Object.defineProperty(exports, "__esModule", { value: true });
    exports.From = void 0;
    var vscode_languageserver_types_1 = (init_main(), __toCommonJS(main_exports));
    var modifiableInstruction_1 = require_modifiableInstruction();
    var From = class extends modifiableInstruction_1.ModifiableInstruction {
      constructor(document, range, dockerfile, escapeChar, instruction, instructionRange) {
        super(document, range, dockerfile, escapeChar, instruction, instructionRange);
      }
      stopSearchingForFlags(argument) {
        return argument.indexOf("--") === -1;
      }
      getImage() {
        const args = this.getArguments();
        return args.length > 0 ? args[0].getValue() : null;
      }
      /**
       * Returns the name of the image that will be used as the base image.
       *
       * @return the base image's name, or null if unspecified
       */
      getImageName() {
        const imageName = this.getRangeContent(this.getImageNameRange());
        if (imageName === null) {
          return null;
        }
        let commented = false;
        let escaped = false;
        let name = "";
        for (let i = 0; i < imageName.length; i++) {
          const ch = imageName.charAt(i);
          switch (ch) {
            case this.escapeChar:
              escaped = true;
              break;
            case "\r":
              continue;
            case "\n":
              commented = false;
              break;
            case " ":
            case "	":
              break;
            case "#":
              if (escaped) {
                commented = true;
              } else {
                name = name + ch;
                escaped = false;
              }
              break;
            default:
              if (!commented) {
                name = name + ch;
                escaped = false;
              }
              break;
          }
        }
        return name;
      }
      /**
       * Returns the range that covers the name of the image used by
       * this instruction.
       *
       * @return the range of the name of this instruction's argument,
       *         or null if no image has been specified
       */
      getImageNameRange() {
        let range = this.getImageRange();
        if (range) {
          let registryRange = this.getRegistryRange();
          if (registryRange) {
            range.start = this.document.positionAt(this.document.offsetAt(registryRange.end) + 1);
          }
          let tagRange = this.getImageTagRange();
          let digestRange = this.getImageDigestRange();
          if (tagRange === null) {
            if (digestRange !== null) {
              range.end = this.document.positionAt(this.document.offsetAt(digestRange.start) - 1);
            }
          } else {
            range.end = this.document.positionAt(this.document.offsetAt(tagRange.start) - 1);
          }
          return range;
        }
        return null;
      }
      /**
       * Returns the range that covers the image argument of this
       * instruction. This includes the tag or digest of the image if
       * it has been specified by the instruction.
       *
       * @return the range of the image argument, or null if no image
       *         has been specified
       */
      getImageRange() {
        let args = this.getArguments();
        return args.length !== 0 ? args[0].getRange() : null;
      }
      getImageTag() {
        return this.getRangeContent(this.getImageTagRange());
      }
      /**
       * Returns the range in the document that the tag of the base
       * image encompasses.
       *
       * @return the base image's tag's range in the document, or null
       *         if no tag has been specified
       */
      getImageTagRange() {
        const range = this.getImageRange();
        if (range) {
          const rangeStartOffset = this.document.offsetAt(range.start);
          const content = this.getRangeContent(range);
          const atIndex = this.indexOf(rangeStartOffset, content, "@");
          const slashIndex = content.indexOf("/");
          if (atIndex === -1) {
            const colonIndex = this.lastIndexOf(rangeStartOffset, content, ":");
            if (colonIndex > slashIndex) {
              return vscode_languageserver_types_1.Range.create(this.document.positionAt(rangeStartOffset + colonIndex + 1), range.end);
            }
          }
          const subcontent = content.substring(0, atIndex);
          const subcolonIndex = subcontent.indexOf(":");
          if (subcolonIndex === -1) {
            return null;
          }
          if (slashIndex === -1) {
            return vscode_languageserver_types_1.Range.create(this.document.positionAt(rangeStartOffset + subcolonIndex + 1), this.document.positionAt(rangeStartOffset + atIndex));
          }
          if (subcolonIndex < slashIndex) {
            return null;
          }
          return vscode_languageserver_types_1.Range.create(this.document.positionAt(rangeStartOffset + subcolonIndex + 1), this.document.positionAt(rangeStartOffset + subcontent.length));
        }
        return null;
      }
      getImageDigest() {
        return this.getRangeContent(this.getImageDigestRange());
      }
      /**
       * Returns the range in the document that the digest of the base
       * image encompasses.
       *
       * @return the base image's digest's range in the document, or null
       *         if no digest has been specified
       */
      getImageDigestRange() {
        let range = this.getImageRange();
        if (range) {
          let content = this.getRangeContent(range);
          let index = this.lastIndexOf(this.document.offsetAt(range.start), content, "@");
          if (index !== -1) {
            return vscode_languageserver_types_1.Range.create(range.start.line, range.start.character + index + 1, range.end.line, range.end.character);
          }
        }
        return null;
      }
      indexOf(documentOffset, content, searchString) {
        let index = content.indexOf(searchString);
        const variables = this.getVariables();
        for (let i = 0; i < variables.length; i++) {
          const position = documentOffset + index;
          const variableRange = variables[i].getRange();
          if (this.document.offsetAt(variableRange.start) < position && position < this.document.offsetAt(variableRange.end)) {
            const offset = this.document.offsetAt(variableRange.end) - documentOffset;
            const substring = content.substring(offset);
            const subIndex = substring.indexOf(searchString);
            if (subIndex === -1) {
              return -1;
            }
            index = subIndex + offset;
            i = -1;
            continue;
          }
        }
        return index;
      }
      lastIndexOf(documentOffset, content, searchString) {
        let index = content.lastIndexOf(searchString);
        const variables = this.getVariables();
        for (let i = 0; i < variables.length; i++) {
          const position = documentOffset + index;
          const variableRange = variables[i].getRange();
          if (this.document.offsetAt(variableRange.start) < position && position < this.document.offsetAt(variableRange.end)) {
            index = content.substring(0, index).lastIndexOf(searchString);
            if (index === -1) {
              return -1;
            }
            i = -1;
            continue;
          }
        }
        return index;
      }
      getRegistry() {
        return this.getRangeContent(this.getRegistryRange());
      }
      getRegistryRange() {
        const range = this.getImageRange();
        if (range) {
          const tagRange = this.getImageTagRange();
          const digestRange = this.getImageDigestRange();
          if (tagRange === null) {
            if (digestRange !== null) {
              range.end = this.document.positionAt(this.document.offsetAt(digestRange.start) - 1);
            }
          } else {
            range.end = this.document.positionAt(this.document.offsetAt(tagRange.start) - 1);
          }
          const content = this.getRangeContent(range);
          const rangeStart2 = this.document.offsetAt(range.start);
          const startingSlashIndex = this.indexOf(rangeStart2, content, "/");
          if (startingSlashIndex === -1) {
            return null;
          }
          const portIndex = this.indexOf(rangeStart2, content, ":");
          const dotIndex = this.indexOf(rangeStart2, content, ".");
          if (portIndex !== -1 || dotIndex !== -1) {
            return vscode_languageserver_types_1.Range.create(range.start, this.document.positionAt(rangeStart2 + startingSlashIndex));
          }
          const registry = content.substring(0, startingSlashIndex);
          if (registry === "localhost") {
            return vscode_languageserver_types_1.Range.create(range.start, this.document.positionAt(rangeStart2 + startingSlashIndex));
          }
        }
        return null;
      }
      getBuildStage() {
        let range = this.getBuildStageRange();
        return range === null ? null : this.getRangeContent(range);
      }
      getBuildStageRange() {
        let args = this.getArguments();
        if (args.length > 2 && args[1].getValue().toUpperCase() === "AS") {
          return args[2].getRange();
        }
        return null;
      }
      getPlatformFlag() {
        let flags = super.getFlags();
        return flags.length === 1 && flags[0].getName() === "platform" ? flags[0] : null;
      }
    };
    exports.From = From;
  }
});

// node_modules/dockerfile-ast/lib/instructions/healthcheck.js
var require_healthcheck = __commonJS({
  "node_modules/dockerfile-ast/lib/instructions/healthcheck.js"(exports) {
    "use strict";
    Object.defineProperty(exports, "__esModule", { value: true });
    exports.Healthcheck = void 0;
    var modifiableInstruction_1 = require_modifiableInstruction();
    var Healthcheck = class extends modifiableInstruction_1.ModifiableInstruction {
      constructor(document, range, dockerfile, escapeChar, instruction, instructionRange) {
        super(document, range, dockerfile, escapeChar, instruction, instructionRange);
      }
      stopSearchingForFlags(argument) {
        argument = argument.toUpperCase();
        return argument === "CMD" || argument === "NONE";
      }
      getSubcommand() {
        let args = this.getArguments();
        return args.length !== 0 ? args[0] : null;
      }
    };
    exports.Healthcheck = Healthcheck;
  }
});

// node_modules/dockerfile-ast/lib/instructions/label.js
var require_label = __commonJS({
  "node_modules/dockerfile-ast/lib/instructions/label.js"(exports) {
    "use strict";
    Object.defineProperty(exports, "__esModule", { value: true });
    exports.Label = void 0;
    var propertyInstruction_1 = require_propertyInstruction();
    var util_1 = require_util();
    var Label = class extends propertyInstruction_1.PropertyInstruction {
      constructor(document, range, dockerfile, escapeChar, instruction, instructionRange) {
        super(document, range, dockerfile, escapeChar, instruction, instructionRange);
      }
      getVariables() {
        const variables = super.getVariables();
        const properties = this.getProperties();
        for (const property of properties) {
          const value = property.getUnescapedValue();
          if (value !== null && value.length > 2 && value.charAt(0) === "'" && value.charAt(value.length - 1) === "'") {
            const range = property.getValueRange();
            for (let i = 0; i < variables.length; i++) {
              if (util_1.Util.isInsideRange(variables[i].getRange().start, range)) {
                variables.splice(i, 1);
                i--;
              }
            }
          }
        }
        return variables;
      }
      getProperties() {
        return super.getProperties();
      }
    };
    exports.Label = Label;
  }
});

// node_modules/dockerfile-ast/lib/instructions/onbuild.js
var require_onbuild = __commonJS({
  "node_modules/dockerfile-ast/lib/instructions/onbuild.js"(exports) {
    "use strict";
    Object.defineProperty(exports, "__esModule", { value: true });
    exports.Onbuild = void 0;
    var vscode_languageserver_types_1 = (init_main(), __toCommonJS(main_exports));
    var parser_1 = require_parser();
    var instruction_1 = require_instruction();
    var Onbuild = class extends instruction_1.Instruction {
      constructor(document, range, dockerfile, escapeChar, instruction, instructionRange) {
        super(document, range, dockerfile, escapeChar, instruction, instructionRange);
      }
      getTrigger() {
        let trigger = this.getTriggerWord();
        return trigger === null ? null : trigger.toUpperCase();
      }
      getTriggerWord() {
        return this.getRangeContent(this.getTriggerRange());
      }
      getTriggerRange() {
        let args = this.getArguments();
        return args.length > 0 ? args[0].getRange() : null;
      }
      getTriggerInstruction() {
        let triggerRange = this.getTriggerRange();
        if (triggerRange === null) {
          return null;
        }
        let args = this.getArguments();
        return parser_1.Parser.createInstruction(this.document, this.dockerfile, this.escapeChar, vscode_languageserver_types_1.Range.create(args[0].getRange().start, this.getRange().end), this.getTriggerWord(), triggerRange);
      }
    };
    exports.Onbuild = Onbuild;
  }
});

// node_modules/dockerfile-ast/lib/instructions/run.js
var require_run = __commonJS({
  "node_modules/dockerfile-ast/lib/instructions/run.js"(exports) {
    "use strict";
    Object.defineProperty(exports, "__esModule", { value: true });
    exports.Run = void 0;
    var jsonInstruction_1 = require_jsonInstruction();
    var Run = class extends jsonInstruction_1.JSONInstruction {
      constructor(document, range, dockerfile, escapeChar, instruction, instructionRange) {
        super(document, range, dockerfile, escapeChar, instruction, instructionRange);
      }
      stopSearchingForFlags(argument) {
        return argument.indexOf("--") === -1;
      }
      /**
       * Returns there here-documents that are defined in this RUN
       * instruction.
       *
       * This API is experimental and subject to change.
       */
      getHeredocs() {
        return super.getHeredocs();
      }
    };
    exports.Run = Run;
  }
});

// node_modules/dockerfile-ast/lib/instructions/shell.js
var require_shell = __commonJS({
  "node_modules/dockerfile-ast/lib/instructions/shell.js"(exports) {
    "use strict";
    Object.defineProperty(exports, "__esModule", { value: true });
    exports.Shell = void 0;
    var jsonInstruction_1 = require_jsonInstruction();
    var Shell = class extends jsonInstruction_1.JSONInstruction {
      constructor(document, range, dockerfile, escapeChar, instruction, instructionRange) {
        super(document, range, dockerfile, escapeChar, instruction, instructionRange);
      }
    };
    exports.Shell = Shell;
  }
});

// node_modules/dockerfile-ast/lib/instructions/stopsignal.js
var require_stopsignal = __commonJS({
  "node_modules/dockerfile-ast/lib/instructions/stopsignal.js"(exports) {
    "use strict";
    Object.defineProperty(exports, "__esModule", { value: true });
    exports.Stopsignal = void 0;
    var instruction_1 = require_instruction();
    var Stopsignal = class extends instruction_1.Instruction {
      constructor(document, range, dockerfile, escapeChar, instruction, instructionRange) {
        super(document, range, dockerfile, escapeChar, instruction, instructionRange);
      }
    };
    exports.Stopsignal = Stopsignal;
  }
});

// node_modules/dockerfile-ast/lib/instructions/workdir.js
var require_workdir = __commonJS({
  "node_modules/dockerfile-ast/lib/instructions/workdir.js"(exports) {
    "use strict";
    Object.defineProperty(exports, "__esModule", { value: true });
    exports.Workdir = void 0;
    var instruction_1 = require_instruction();
    var Workdir = class extends instruction_1.Instruction {
      constructor(document, range, dockerfile, escapeChar, instruction, instructionRange) {
        super(document, range, dockerfile, escapeChar, instruction, instructionRange);
      }
      /**
       * Returns the path that has been defined. Note that this path may
       * be absolute or relative depending on what was written in the
       * instruction.
       *
       * @return the working directory's path, or null if this
       *         instruction has no arguments
       */
      getPath() {
        return this.getArgumentsContent();
      }
      /**
       * Returns the absolute path that this instruction resolves to. The
       * function will inspect prior WORKDIR instructions in the current
       * image or another build stage in the Dockerfile to try to
       * determine this.
       *
       * @return the absolute path of the working directory, or null if
       *         this instruction has no arguments, or undefined if it
       *         cannot be determined because only relative paths could be
       *         found
       */
      getAbsolutePath() {
        const path3 = this.getPath();
        if (path3 === null || path3.startsWith("/")) {
          return path3;
        }
        const startLine = this.getRange().start.line;
        const hierarchy = this.dockerfile.getStageHierarchy(startLine);
        for (let i = hierarchy.length - 1; i >= 0; i--) {
          const workdirs = hierarchy[i].getWORKDIRs();
          for (let j = workdirs.length - 1; j >= 0; j--) {
            if (workdirs[j].getRange().start.line < startLine) {
              const parent = workdirs[j].getAbsolutePath();
              if (parent === void 0 || parent === null) {
                return void 0;
              }
              return parent.endsWith("/") ? parent + path3 : parent + "/" + path3;
            }
          }
        }
        return void 0;
      }
    };
    exports.Workdir = Workdir;
  }
});

// node_modules/dockerfile-ast/lib/instructions/user.js
var require_user = __commonJS({
  "node_modules/dockerfile-ast/lib/instructions/user.js"(exports) {
    "use strict";
    Object.defineProperty(exports, "__esModule", { value: true });
    exports.User = void 0;
    var instruction_1 = require_instruction();
    var User = class extends instruction_1.Instruction {
      constructor(document, range, dockerfile, escapeChar, instruction, instructionRange) {
        super(document, range, dockerfile, escapeChar, instruction, instructionRange);
      }
    };
    exports.User = User;
  }
});

// node_modules/dockerfile-ast/lib/instructions/volume.js
var require_volume = __commonJS({
  "node_modules/dockerfile-ast/lib/instructions/volume.js"(exports) {
    "use strict";
    Object.defineProperty(exports, "__esModule", { value: true });
    exports.Volume = void 0;
    var jsonInstruction_1 = require_jsonInstruction();
    var Volume2 = class extends jsonInstruction_1.JSONInstruction {
      constructor(document, range, dockerfile, escapeChar, instruction, instructionRange) {
        super(document, range, dockerfile, escapeChar, instruction, instructionRange);
      }
    };
    exports.Volume = Volume2;
  }
});

// node_modules/dockerfile-ast/lib/imageTemplate.js
var require_imageTemplate = __commonJS({
  "node_modules/dockerfile-ast/lib/imageTemplate.js"(exports) {
    "use strict";
    Object.defineProperty(exports, "__esModule", { value: true });
    exports.ImageTemplate = void 0;
    var vscode_languageserver_types_1 = (init_main(), __toCommonJS(main_exports));
    var arg_1 = require_arg();
    var cmd_1 = require_cmd();
    var copy_1 = require_copy();
    var env_1 = require_env();
    var entrypoint_1 = require_entrypoint();
    var from_1 = require_from();
    var healthcheck_1 = require_healthcheck();
    var onbuild_1 = require_onbuild();
    var util_1 = require_util();
    var workdir_1 = require_workdir();
    var ImageTemplate = class {
      constructor() {
        this.comments = [];
        this.instructions = [];
      }
      addComment(comment) {
        this.comments.push(comment);
      }
      getComments() {
        return this.comments;
      }
      addInstruction(instruction) {
        this.instructions.push(instruction);
      }
      getInstructions() {
        return this.instructions;
      }
      getInstructionAt(line) {
        for (let instruction of this.instructions) {
          if (util_1.Util.isInsideRange(vscode_languageserver_types_1.Position.create(line, 0), instruction.getRange())) {
            return instruction;
          }
        }
        return null;
      }
      /**
       * Gets all the ARG instructions that are defined in this image.
       */
      getARGs() {
        let args = [];
        for (let instruction of this.instructions) {
          if (instruction instanceof arg_1.Arg) {
            args.push(instruction);
          }
        }
        return args;
      }
      /**
       * Gets all the CMD instructions that are defined in this image.
       */
      getCMDs() {
        let cmds = [];
        for (let instruction of this.instructions) {
          if (instruction instanceof cmd_1.Cmd) {
            cmds.push(instruction);
          }
        }
        return cmds;
      }
      /**
       * Gets all the COPY instructions that are defined in this image.
       */
      getCOPYs() {
        let copies = [];
        for (let instruction of this.instructions) {
          if (instruction instanceof copy_1.Copy) {
            copies.push(instruction);
          }
        }
        return copies;
      }
      /**
       * Gets all the ENTRYPOINT instructions that are defined in this image.
       */
      getENTRYPOINTs() {
        let froms = [];
        for (let instruction of this.instructions) {
          if (instruction instanceof entrypoint_1.Entrypoint) {
            froms.push(instruction);
          }
        }
        return froms;
      }
      /**
       * Gets all the ENV instructions that are defined in this image.
       */
      getENVs() {
        let args = [];
        for (let instruction of this.instructions) {
          if (instruction instanceof env_1.Env) {
            args.push(instruction);
          }
        }
        return args;
      }
      getFROM() {
        for (const instruction of this.instructions) {
          if (instruction instanceof from_1.From) {
            return instruction;
          }
        }
        return null;
      }
      /**
       * Gets all the FROM instructions that are defined in this image.
       */
      getFROMs() {
        let froms = [];
        for (let instruction of this.instructions) {
          if (instruction instanceof from_1.From) {
            froms.push(instruction);
          }
        }
        return froms;
      }
      /**
       * Gets all the HEALTHCHECK instructions that are defined in this image.
       */
      getHEALTHCHECKs() {
        let froms = [];
        for (let instruction of this.instructions) {
          if (instruction instanceof healthcheck_1.Healthcheck) {
            froms.push(instruction);
          }
        }
        return froms;
      }
      getWORKDIRs() {
        const workdirs = [];
        for (const instruction of this.instructions) {
          if (instruction instanceof workdir_1.Workdir) {
            workdirs.push(instruction);
          }
        }
        return workdirs;
      }
      getOnbuildTriggers() {
        let triggers = [];
        for (let instruction of this.instructions) {
          if (instruction instanceof onbuild_1.Onbuild) {
            let trigger = instruction.getTriggerInstruction();
            if (trigger) {
              triggers.push(trigger);
            }
          }
        }
        return triggers;
      }
      getAvailableVariables(currentLine) {
        const variables = [];
        for (const arg of this.getARGs()) {
          if (arg.isBefore(currentLine)) {
            const property = arg.getProperty();
            if (property) {
              const variable = property.getName();
              if (variables.indexOf(variable) === -1) {
                variables.push(variable);
              }
            }
          }
        }
        for (const env of this.getENVs()) {
          if (env.isBefore(currentLine)) {
            for (const property of env.getProperties()) {
              const variable = property.getName();
              if (variables.indexOf(variable) === -1) {
                variables.push(variable);
              }
            }
          }
        }
        return variables;
      }
      /**
       * Resolves a variable with the given name at the specified line
       * to its value. If null is returned, then the variable has been
       * defined but no value was given. If undefined is returned, then
       * a variable with the given name has not been defined yet as of
       * the given line.
       *
       * @param variable the name of the variable to resolve
       * @param line the line number that the variable is on, zero-based
       * @return the value of the variable as defined by an ARG or ENV
       *         instruction, or null if no value has been specified, or
       *         undefined if a variable with the given name has not
       *         been defined
       */
      resolveVariable(variable, line) {
        let envs = this.getENVs();
        for (let i = envs.length - 1; i >= 0; i--) {
          if (envs[i].isBefore(line)) {
            for (let property of envs[i].getProperties()) {
              if (property.getName() === variable) {
                return property.getValue();
              }
            }
          }
        }
        let args = this.getARGs();
        for (let i = args.length - 1; i >= 0; i--) {
          if (args[i].isBefore(line)) {
            let property = args[i].getProperty();
            if (property && property.getName() === variable) {
              return property.getValue();
            }
          }
        }
        return void 0;
      }
      getRange() {
        const instructions = this.getInstructions();
        if (instructions.length === 0) {
          return vscode_languageserver_types_1.Range.create(0, 0, 0, 0);
        }
        const instructionStart = instructions[0].getRange().start;
        const instructionEnd = instructions[instructions.length - 1].getRange().end;
        return vscode_languageserver_types_1.Range.create(instructionStart, instructionEnd);
      }
      contains(position) {
        const range = this.getRange();
        if (range === null) {
          return false;
        }
        return util_1.Util.isInsideRange(position, range);
      }
    };
    exports.ImageTemplate = ImageTemplate;
  }
});

// node_modules/dockerfile-ast/lib/dockerfile.js
var require_dockerfile = __commonJS({
  "node_modules/dockerfile-ast/lib/dockerfile.js"(exports) {
    "use strict";
    Object.defineProperty(exports, "__esModule", { value: true });
    exports.Dockerfile = void 0;
    var vscode_languageserver_types_1 = (init_main(), __toCommonJS(main_exports));
    var ast = require_main();
    var imageTemplate_1 = require_imageTemplate();
    var from_1 = require_from();
    var util_1 = require_util();
    var main_1 = require_main();
    var Dockerfile = class extends imageTemplate_1.ImageTemplate {
      constructor(document) {
        super();
        this.initialInstructions = new imageTemplate_1.ImageTemplate();
        this.buildStages = [];
        this.directives = [];
        this.foundFrom = false;
        this.document = document;
      }
      getEscapeCharacter() {
        for (const directive of this.directives) {
          if (directive.getDirective() === ast.Directive.escape) {
            const value = directive.getValue();
            if (value === "\\" || value === "`") {
              return value;
            }
          }
        }
        return "\\";
      }
      getInitialARGs() {
        return this.initialInstructions.getARGs();
      }
      getContainingImage(position) {
        let range = vscode_languageserver_types_1.Range.create(vscode_languageserver_types_1.Position.create(0, 0), this.document.positionAt(this.document.getText().length));
        if (!util_1.Util.isInsideRange(position, range)) {
          return null;
        }
        if (this.initialInstructions.getComments().length > 0 || this.initialInstructions.getInstructions().length > 0) {
          if (util_1.Util.isInsideRange(position, this.initialInstructions.getRange())) {
            return this.initialInstructions;
          }
        }
        for (const buildStage of this.buildStages) {
          if (util_1.Util.isInsideRange(position, buildStage.getRange())) {
            return buildStage;
          }
        }
        return this;
      }
      addInstruction(instruction) {
        if (instruction.getKeyword() === main_1.Keyword.FROM) {
          this.currentBuildStage = new imageTemplate_1.ImageTemplate();
          this.buildStages.push(this.currentBuildStage);
          this.foundFrom = true;
        } else if (!this.foundFrom) {
          this.initialInstructions.addInstruction(instruction);
        }
        if (this.foundFrom) {
          this.currentBuildStage.addInstruction(instruction);
        }
        super.addInstruction(instruction);
      }
      setDirectives(directives) {
        this.directives = directives;
      }
      getDirective() {
        return this.directives.length === 0 ? null : this.directives[0];
      }
      getDirectives() {
        return this.directives;
      }
      resolveVariable(variable, line) {
        for (let from of this.getFROMs()) {
          let range = from.getRange();
          if (range.start.line <= line && line <= range.end.line) {
            let initialARGs = new imageTemplate_1.ImageTemplate();
            for (let instruction of this.initialInstructions.getARGs()) {
              initialARGs.addInstruction(instruction);
            }
            return initialARGs.resolveVariable(variable, line);
          }
        }
        let image = this.getContainingImage(vscode_languageserver_types_1.Position.create(line, 0));
        if (image === null) {
          return void 0;
        }
        let resolvedVariable = image.resolveVariable(variable, line);
        if (resolvedVariable === null) {
          let initialARGs = new imageTemplate_1.ImageTemplate();
          for (let instruction of this.initialInstructions.getARGs()) {
            initialARGs.addInstruction(instruction);
          }
          return initialARGs.resolveVariable(variable, line);
        }
        return resolvedVariable;
      }
      getAvailableVariables(currentLine) {
        if (this.getInstructionAt(currentLine) instanceof from_1.From) {
          let variables = [];
          for (let arg of this.getInitialARGs()) {
            let property = arg.getProperty();
            if (property) {
              variables.push(property.getName());
            }
          }
          return variables;
        }
        let image = this.getContainingImage(vscode_languageserver_types_1.Position.create(currentLine, 0));
        return image ? image.getAvailableVariables(currentLine) : [];
      }
      getParentStage(image) {
        const templateFrom = image.getFROM();
        const imageName = templateFrom === null ? null : templateFrom.getImageName();
        if (imageName === null) {
          return null;
        }
        for (const from of this.getFROMs()) {
          if (from.getBuildStage() === imageName) {
            const range = from.getRange();
            if (range.start.line === templateFrom.getRange().start.line) {
              return null;
            }
            return this.getContainingImage(range.start);
          }
        }
        return null;
      }
      getStageHierarchy(line) {
        const image = this.getContainingImage(vscode_languageserver_types_1.Position.create(line, 0));
        if (image === null) {
          return [];
        }
        const stages = [image];
        let stage = this.getParentStage(image);
        while (stage !== null) {
          stages.splice(0, 0, stage);
          stage = this.getParentStage(stage);
        }
        return stages;
      }
      getAvailableWorkingDirectories(line) {
        const availableDirectories = /* @__PURE__ */ new Set();
        for (const image of this.getStageHierarchy(line)) {
          for (const workdir of image.getWORKDIRs()) {
            if (workdir.getRange().end.line < line) {
              let directory = workdir.getAbsolutePath();
              if (directory !== void 0 && directory !== null) {
                if (!directory.endsWith("/")) {
                  directory += "/";
                }
                availableDirectories.add(directory);
              }
            }
          }
        }
        return Array.from(availableDirectories);
      }
      /**
       * Internally reorganize the comments in the Dockerfile and allocate
       * them to the relevant build stages that they belong to.
       */
      organizeComments() {
        const comments = this.getComments();
        for (let i = 0; i < comments.length; i++) {
          if (util_1.Util.isInsideRange(comments[i].getRange().end, this.initialInstructions.getRange())) {
            this.initialInstructions.addComment(comments[i]);
          } else {
            for (const buildStage of this.buildStages) {
              if (util_1.Util.isInsideRange(comments[i].getRange().start, buildStage.getRange())) {
                buildStage.addComment(comments[i]);
              }
            }
          }
        }
      }
      getRange() {
        const comments = this.getComments();
        const instructions = this.getInstructions();
        let range = null;
        if (comments.length === 0) {
          if (instructions.length > 0) {
            range = vscode_languageserver_types_1.Range.create(instructions[0].getRange().start, instructions[instructions.length - 1].getRange().end);
          }
        } else if (instructions.length === 0) {
          range = vscode_languageserver_types_1.Range.create(comments[0].getRange().start, comments[comments.length - 1].getRange().end);
        } else {
          const commentStart = comments[0].getRange().start;
          const commentEnd = comments[comments.length - 1].getRange().end;
          const instructionStart = instructions[0].getRange().start;
          const instructionEnd = instructions[instructions.length - 1].getRange().end;
          if (commentStart.line < instructionStart.line) {
            if (commentEnd.line < instructionEnd.line) {
              range = vscode_languageserver_types_1.Range.create(commentStart, instructionEnd);
            }
            range = vscode_languageserver_types_1.Range.create(commentStart, commentEnd);
          } else if (commentEnd.line < instructionEnd.line) {
            range = vscode_languageserver_types_1.Range.create(instructionStart, instructionEnd);
          } else {
            range = vscode_languageserver_types_1.Range.create(instructionStart, commentEnd);
          }
        }
        if (range === null) {
          if (this.directives.length === 0) {
            return null;
          }
          return this.directives[0].getRange();
        } else if (this.directives.length === 0) {
          return range;
        }
        return vscode_languageserver_types_1.Range.create(this.directives[0].getRange().start, range.end);
      }
    };
    exports.Dockerfile = Dockerfile;
  }
});

// node_modules/dockerfile-ast/lib/parser.js
var require_parser = __commonJS({
  "node_modules/dockerfile-ast/lib/parser.js"(exports) {
    "use strict";
    Object.defineProperty(exports, "__esModule", { value: true });
    exports.Parser = void 0;
    var vscode_languageserver_textdocument_1 = (init_main2(), __toCommonJS(main_exports2));
    var vscode_languageserver_types_1 = (init_main(), __toCommonJS(main_exports));
    var comment_1 = require_comment();
    var parserDirective_1 = require_parserDirective();
    var instruction_1 = require_instruction();
    var add_1 = require_add();
    var arg_1 = require_arg();
    var cmd_1 = require_cmd();
    var copy_1 = require_copy();
    var env_1 = require_env();
    var entrypoint_1 = require_entrypoint();
    var from_1 = require_from();
    var healthcheck_1 = require_healthcheck();
    var label_1 = require_label();
    var onbuild_1 = require_onbuild();
    var run_1 = require_run();
    var shell_1 = require_shell();
    var stopsignal_1 = require_stopsignal();
    var workdir_1 = require_workdir();
    var user_1 = require_user();
    var volume_1 = require_volume();
    var dockerfile_1 = require_dockerfile();
    var util_1 = require_util();
    var main_1 = require_main();
    var Parser = class _Parser {
      constructor() {
        this.escapeChar = null;
      }
      static createInstruction(document, dockerfile, escapeChar, lineRange, instruction, instructionRange) {
        switch (instruction.toUpperCase()) {
          case "ADD":
            return new add_1.Add(document, lineRange, dockerfile, escapeChar, instruction, instructionRange);
          case "ARG":
            return new arg_1.Arg(document, lineRange, dockerfile, escapeChar, instruction, instructionRange);
          case "CMD":
            return new cmd_1.Cmd(document, lineRange, dockerfile, escapeChar, instruction, instructionRange);
          case "COPY":
            return new copy_1.Copy(document, lineRange, dockerfile, escapeChar, instruction, instructionRange);
          case "ENTRYPOINT":
            return new entrypoint_1.Entrypoint(document, lineRange, dockerfile, escapeChar, instruction, instructionRange);
          case "ENV":
            return new env_1.Env(document, lineRange, dockerfile, escapeChar, instruction, instructionRange);
          case "FROM":
            return new from_1.From(document, lineRange, dockerfile, escapeChar, instruction, instructionRange);
          case "HEALTHCHECK":
            return new healthcheck_1.Healthcheck(document, lineRange, dockerfile, escapeChar, instruction, instructionRange);
          case "LABEL":
            return new label_1.Label(document, lineRange, dockerfile, escapeChar, instruction, instructionRange);
          case "ONBUILD":
            return new onbuild_1.Onbuild(document, lineRange, dockerfile, escapeChar, instruction, instructionRange);
          case "RUN":
            return new run_1.Run(document, lineRange, dockerfile, escapeChar, instruction, instructionRange);
          case "SHELL":
            return new shell_1.Shell(document, lineRange, dockerfile, escapeChar, instruction, instructionRange);
          case "STOPSIGNAL":
            return new stopsignal_1.Stopsignal(document, lineRange, dockerfile, escapeChar, instruction, instructionRange);
          case "WORKDIR":
            return new workdir_1.Workdir(document, lineRange, dockerfile, escapeChar, instruction, instructionRange);
          case "USER":
            return new user_1.User(document, lineRange, dockerfile, escapeChar, instruction, instructionRange);
          case "VOLUME":
            return new volume_1.Volume(document, lineRange, dockerfile, escapeChar, instruction, instructionRange);
        }
        return new instruction_1.Instruction(document, lineRange, dockerfile, escapeChar, instruction, instructionRange);
      }
      getParserDirectives(document, buffer) {
        const directives = [];
        this.escapeChar = "";
        const offset = util_1.Util.isUTF8BOM(buffer.substring(0, 1)) ? 1 : 0;
        directiveCheck: for (let i = offset; i < buffer.length; i++) {
          switch (buffer.charAt(i)) {
            case " ":
            case "	":
              break;
            case "\r":
            case "\n":
              break directiveCheck;
            case "#":
              let directiveStart = -1;
              let directiveEnd = -1;
              for (let j = i + 1; j < buffer.length; j++) {
                let char = buffer.charAt(j);
                switch (char) {
                  case " ":
                  case "	":
                    if (directiveStart !== -1 && directiveEnd === -1) {
                      directiveEnd = j;
                    }
                    break;
                  case "\r":
                  case "\n":
                    break directiveCheck;
                  case "=":
                    let valueStart = -1;
                    let valueEnd = -1;
                    if (directiveEnd === -1) {
                      directiveEnd = j;
                    }
                    let lineEnd = buffer.length;
                    directiveValue: for (let k = j + 1; k < buffer.length; k++) {
                      char = buffer.charAt(k);
                      switch (char) {
                        case "\r":
                        case "\n":
                          if (valueStart !== -1 && valueEnd === -1) {
                            valueEnd = k;
                          }
                          lineEnd = k;
                          break directiveValue;
                        case "	":
                        case " ":
                          if (valueStart !== -1 && valueEnd === -1) {
                            valueEnd = k;
                          }
                          continue;
                        default:
                          if (valueStart === -1) {
                            valueStart = k;
                          }
                          break;
                      }
                    }
                    if (directiveStart === -1) {
                      break directiveCheck;
                    }
                    if (valueStart === -1) {
                      valueStart = j + 1;
                      valueEnd = lineEnd;
                    } else if (valueEnd === -1) {
                      valueEnd = buffer.length;
                    }
                    const lineRange = vscode_languageserver_types_1.Range.create(document.positionAt(i), document.positionAt(lineEnd));
                    const nameRange = vscode_languageserver_types_1.Range.create(document.positionAt(directiveStart), document.positionAt(directiveEnd));
                    const valueRange = vscode_languageserver_types_1.Range.create(document.positionAt(valueStart), document.positionAt(valueEnd));
                    directives.push(new parserDirective_1.ParserDirective(document, lineRange, nameRange, valueRange));
                    directiveStart = -1;
                    if (buffer.charAt(valueEnd) === "\r") {
                      i = valueEnd + 1;
                    } else {
                      i = valueEnd;
                    }
                    continue directiveCheck;
                  default:
                    if (directiveStart === -1) {
                      directiveStart = j;
                    }
                    break;
                }
              }
              break;
            default:
              break directiveCheck;
          }
        }
        return directives;
      }
      parse(buffer) {
        this.document = vscode_languageserver_textdocument_1.TextDocument.create("", "", 0, buffer);
        this.buffer = buffer;
        let dockerfile = new dockerfile_1.Dockerfile(this.document);
        let directives = this.getParserDirectives(this.document, this.buffer);
        let offset = 0;
        this.escapeChar = "\\";
        if (directives.length > 0) {
          dockerfile.setDirectives(directives);
          this.escapeChar = dockerfile.getEscapeCharacter();
          offset = this.document.offsetAt(vscode_languageserver_types_1.Position.create(directives.length, 0));
        } else if (util_1.Util.isUTF8BOM(buffer.substring(0, 1))) {
          offset = 1;
        }
        for (let i = offset; i < this.buffer.length; i++) {
          const char = this.buffer.charAt(i);
          switch (char) {
            case " ":
            case "	":
            case "\r":
            case "\n":
              break;
            case "#":
              i = this.processComment(dockerfile, i);
              break;
            default:
              i = this.processInstruction(dockerfile, char, i);
              break;
          }
        }
        dockerfile.organizeComments();
        return dockerfile;
      }
      processInstruction(dockerfile, char, start) {
        let instruction = char;
        let instructionEnd = -1;
        let escapedInstruction = false;
        instructionCheck: for (let i = start + 1; i < this.buffer.length; i++) {
          char = this.buffer.charAt(i);
          switch (char) {
            case this.escapeChar:
              escapedInstruction = true;
              char = this.buffer.charAt(i + 1);
              if (char === "\r" || char === "\n") {
                if (instructionEnd === -1) {
                  instructionEnd = i;
                }
                i++;
              } else if (char === " " || char === "	") {
                for (let j = i + 2; j < this.buffer.length; j++) {
                  switch (this.buffer.charAt(j)) {
                    case " ":
                    case "	":
                      break;
                    case "\r":
                    case "\n":
                      i = j;
                      continue instructionCheck;
                    default:
                      instructionEnd = i + 1;
                      instruction = instruction + this.escapeChar;
                      i = j - 2;
                      continue instructionCheck;
                  }
                }
                instructionEnd = i + 1;
                instruction = instruction + this.escapeChar;
                break instructionCheck;
              } else {
                instructionEnd = i + 1;
                instruction = instruction + this.escapeChar;
                escapedInstruction = false;
              }
              break;
            case " ":
            case "	":
              if (escapedInstruction) {
                escapeCheck: for (let j = i + 1; j < this.buffer.length; j++) {
                  switch (this.buffer.charAt(j)) {
                    case " ":
                    case "	":
                      break;
                    case "\r":
                    case "\n":
                      i = j;
                      continue instructionCheck;
                    default:
                      break escapeCheck;
                  }
                }
                escapedInstruction = false;
              }
              if (instructionEnd === -1) {
                instructionEnd = i;
              }
              i = this.processArguments(dockerfile, instruction, instructionEnd, start, i);
              dockerfile.addInstruction(this.createInstruction(dockerfile, instruction, start, instructionEnd, i));
              return i;
            case "\r":
            case "\n":
              if (escapedInstruction) {
                continue;
              }
              if (instructionEnd === -1) {
                instructionEnd = i;
              }
              dockerfile.addInstruction(this.createInstruction(dockerfile, instruction, start, i, i));
              return i;
            case "#":
              if (escapedInstruction) {
                continue;
              }
            default:
              instructionEnd = i + 1;
              instruction = instruction + char;
              escapedInstruction = false;
              break;
          }
        }
        if (instructionEnd === -1) {
          instructionEnd = this.buffer.length;
        }
        dockerfile.addInstruction(this.createInstruction(dockerfile, instruction, start, instructionEnd, this.buffer.length));
        return this.buffer.length;
      }
      processHeredocs(instruction, offset) {
        let keyword = instruction.getKeyword();
        if (keyword === main_1.Keyword.ONBUILD) {
          instruction = instruction.getTriggerInstruction();
          if (instruction === null) {
            return offset;
          }
          keyword = instruction.getKeyword();
        }
        if (keyword !== main_1.Keyword.ADD && keyword !== main_1.Keyword.COPY && keyword !== main_1.Keyword.RUN) {
          return offset;
        }
        const heredocs = [];
        let tabbed = false;
        for (const arg of instruction.getArguments()) {
          const value = arg.getValue();
          if (value.startsWith("<<") && value.length > 2) {
            if (value.startsWith("<<-")) {
              tabbed = true;
            }
            const name = util_1.Util.parseHeredocName(value);
            if (name !== null) {
              heredocs.push(name);
            }
          }
        }
        if (heredocs.length > 0) {
          for (const heredoc of heredocs) {
            offset = this.parseHeredoc(heredoc, offset, tabbed);
          }
        }
        return offset;
      }
      processArguments(dockerfile, instruction, instructionEnd, start, offset) {
        let escaped = false;
        argumentsCheck: for (let i = offset + 1; i < this.buffer.length; i++) {
          switch (this.buffer.charAt(i)) {
            case "\r":
            case "\n":
              if (escaped) {
                continue;
              }
              return this.processHeredocs(this.createInstruction(dockerfile, instruction, start, instructionEnd, i), i);
            case this.escapeChar:
              const next = this.buffer.charAt(i + 1);
              if (next === "\n" || next === "\r") {
                escaped = true;
                i++;
              } else if (next === " " || next === "	") {
                for (let j = i + 2; j < this.buffer.length; j++) {
                  switch (this.buffer.charAt(j)) {
                    case " ":
                    case "	":
                      break;
                    case "\r":
                    case "\n":
                      escaped = true;
                    default:
                      i = j;
                      continue argumentsCheck;
                  }
                }
                return this.buffer.length;
              }
              continue;
            case "#":
              if (escaped) {
                i = this.processComment(dockerfile, i);
                continue argumentsCheck;
              }
              break;
            case " ":
            case "	":
              break;
            default:
              if (escaped) {
                escaped = false;
              }
              break;
          }
        }
        return this.buffer.length;
      }
      processComment(dockerfile, start) {
        let end = this.buffer.length;
        commentLoop: for (let i = start + 1; i < this.buffer.length; i++) {
          switch (this.buffer.charAt(i)) {
            case "\r":
            case "\n":
              end = i;
              break commentLoop;
          }
        }
        const range = vscode_languageserver_types_1.Range.create(this.document.positionAt(start), this.document.positionAt(end));
        dockerfile.addComment(new comment_1.Comment(this.document, range));
        return end;
      }
      parseHeredoc(heredocName, offset, tabbed) {
        let startWord = -1;
        let lineStart = true;
        for (let i = offset; i < this.buffer.length; i++) {
          switch (this.buffer.charAt(i)) {
            case " ":
              lineStart = false;
              break;
            case "	":
              if (!tabbed) {
                lineStart = false;
              }
              break;
            case "\r":
            case "\n":
              if (startWord !== -1 && heredocName === this.buffer.substring(startWord, i)) {
                return i;
              }
              startWord = -1;
              lineStart = true;
              break;
            default:
              if (lineStart) {
                startWord = i;
                lineStart = false;
              }
              break;
          }
        }
        return this.buffer.length;
      }
      createInstruction(dockerfile, instruction, start, instructionEnd, end) {
        const startPosition = this.document.positionAt(start);
        const instructionRange = vscode_languageserver_types_1.Range.create(startPosition, this.document.positionAt(instructionEnd));
        const lineRange = vscode_languageserver_types_1.Range.create(startPosition, this.document.positionAt(end));
        return _Parser.createInstruction(this.document, dockerfile, this.escapeChar, lineRange, instruction, instructionRange);
      }
    };
    exports.Parser = Parser;
  }
});

// node_modules/dockerfile-ast/lib/main.js
var require_main = __commonJS({
  "node_modules/dockerfile-ast/lib/main.js"(exports) {
    "use strict";
    Object.defineProperty(exports, "__esModule", { value: true });
    exports.DockerfileParser = exports.DefaultVariables = exports.Directive = exports.Keyword = exports.Workdir = exports.Volume = exports.User = exports.Stopsignal = exports.Shell = exports.Run = exports.PropertyInstruction = exports.Onbuild = exports.ModifiableInstruction = exports.Label = exports.JSONInstruction = exports.Heredoc = exports.Healthcheck = exports.From = exports.Env = exports.Entrypoint = exports.Copy = exports.Cmd = exports.Arg = exports.Add = exports.Variable = exports.Property = exports.ParserDirective = exports.Line = exports.Instruction = exports.Flag = exports.Comment = exports.JSONArgument = exports.Argument = void 0;
    var argument_1 = require_argument();
    Object.defineProperty(exports, "Argument", { enumerable: true, get: function() {
      return argument_1.Argument;
    } });
    var jsonArgument_1 = require_jsonArgument();
    Object.defineProperty(exports, "JSONArgument", { enumerable: true, get: function() {
      return jsonArgument_1.JSONArgument;
    } });
    var comment_1 = require_comment();
    Object.defineProperty(exports, "Comment", { enumerable: true, get: function() {
      return comment_1.Comment;
    } });
    var parser_1 = require_parser();
    var flag_1 = require_flag();
    Object.defineProperty(exports, "Flag", { enumerable: true, get: function() {
      return flag_1.Flag;
    } });
    var instruction_1 = require_instruction();
    Object.defineProperty(exports, "Instruction", { enumerable: true, get: function() {
      return instruction_1.Instruction;
    } });
    var line_1 = require_line();
    Object.defineProperty(exports, "Line", { enumerable: true, get: function() {
      return line_1.Line;
    } });
    var parserDirective_1 = require_parserDirective();
    Object.defineProperty(exports, "ParserDirective", { enumerable: true, get: function() {
      return parserDirective_1.ParserDirective;
    } });
    var property_1 = require_property();
    Object.defineProperty(exports, "Property", { enumerable: true, get: function() {
      return property_1.Property;
    } });
    var variable_1 = require_variable();
    Object.defineProperty(exports, "Variable", { enumerable: true, get: function() {
      return variable_1.Variable;
    } });
    var add_1 = require_add();
    Object.defineProperty(exports, "Add", { enumerable: true, get: function() {
      return add_1.Add;
    } });
    var arg_1 = require_arg();
    Object.defineProperty(exports, "Arg", { enumerable: true, get: function() {
      return arg_1.Arg;
    } });
    var cmd_1 = require_cmd();
    Object.defineProperty(exports, "Cmd", { enumerable: true, get: function() {
      return cmd_1.Cmd;
    } });
    var copy_1 = require_copy();
    Object.defineProperty(exports, "Copy", { enumerable: true, get: function() {
      return copy_1.Copy;
    } });
    var entrypoint_1 = require_entrypoint();
    Object.defineProperty(exports, "Entrypoint", { enumerable: true, get: function() {
      return entrypoint_1.Entrypoint;
    } });
    var env_1 = require_env();
    Object.defineProperty(exports, "Env", { enumerable: true, get: function() {
      return env_1.Env;
    } });
    var from_1 = require_from();
    Object.defineProperty(exports, "From", { enumerable: true, get: function() {
      return from_1.From;
    } });
    var healthcheck_1 = require_healthcheck();
    Object.defineProperty(exports, "Healthcheck", { enumerable: true, get: function() {
      return healthcheck_1.Healthcheck;
    } });
    var heredoc_1 = require_heredoc();
    Object.defineProperty(exports, "Heredoc", { enumerable: true, get: function() {
      return heredoc_1.Heredoc;
    } });
    var jsonInstruction_1 = require_jsonInstruction();
    Object.defineProperty(exports, "JSONInstruction", { enumerable: true, get: function() {
      return jsonInstruction_1.JSONInstruction;
    } });
    var label_1 = require_label();
    Object.defineProperty(exports, "Label", { enumerable: true, get: function() {
      return label_1.Label;
    } });
    var modifiableInstruction_1 = require_modifiableInstruction();
    Object.defineProperty(exports, "ModifiableInstruction", { enumerable: true, get: function() {
      return modifiableInstruction_1.ModifiableInstruction;
    } });
    var onbuild_1 = require_onbuild();
    Object.defineProperty(exports, "Onbuild", { enumerable: true, get: function() {
      return onbuild_1.Onbuild;
    } });
    var propertyInstruction_1 = require_propertyInstruction();
    Object.defineProperty(exports, "PropertyInstruction", { enumerable: true, get: function() {
      return propertyInstruction_1.PropertyInstruction;
    } });
    var run_1 = require_run();
    Object.defineProperty(exports, "Run", { enumerable: true, get: function() {
      return run_1.Run;
    } });
    var shell_1 = require_shell();
    Object.defineProperty(exports, "Shell", { enumerable: true, get: function() {
      return shell_1.Shell;
    } });
    var stopsignal_1 = require_stopsignal();
    Object.defineProperty(exports, "Stopsignal", { enumerable: true, get: function() {
      return stopsignal_1.Stopsignal;
    } });
    var user_1 = require_user();
    Object.defineProperty(exports, "User", { enumerable: true, get: function() {
      return user_1.User;
    } });
    var volume_1 = require_volume();
    Object.defineProperty(exports, "Volume", { enumerable: true, get: function() {
      return volume_1.Volume;
    } });
    var workdir_1 = require_workdir();
    Object.defineProperty(exports, "Workdir", { enumerable: true, get: function() {
      return workdir_1.Workdir;
    } });
    var Keyword2;
    (function(Keyword3) {
      Keyword3["ADD"] = "ADD";
      Keyword3["ARG"] = "ARG";
      Keyword3["CMD"] = "CMD";
      Keyword3["COPY"] = "COPY";
      Keyword3["ENTRYPOINT"] = "ENTRYPOINT";
      Keyword3["ENV"] = "ENV";
      Keyword3["EXPOSE"] = "EXPOSE";
      Keyword3["FROM"] = "FROM";
      Keyword3["HEALTHCHECK"] = "HEALTHCHECK";
      Keyword3["LABEL"] = "LABEL";
      Keyword3["MAINTAINER"] = "MAINTAINER";
      Keyword3["ONBUILD"] = "ONBUILD";
      Keyword3["RUN"] = "RUN";
      Keyword3["SHELL"] = "SHELL";
      Keyword3["STOPSIGNAL"] = "STOPSIGNAL";
      Keyword3["USER"] = "USER";
      Keyword3["VOLUME"] = "VOLUME";
      Keyword3["WORKDIR"] = "WORKDIR";
    })(Keyword2 || (exports.Keyword = Keyword2 = {}));
    var Directive;
    (function(Directive2) {
      Directive2["escape"] = "escape";
      Directive2["syntax"] = "syntax";
    })(Directive || (exports.Directive = Directive = {}));
    exports.DefaultVariables = [
      "ALL_PROXY",
      "all_proxy",
      "FTP_PROXY",
      "ftp_proxy",
      "HTTP_PROXY",
      "http_proxy",
      "HTTPS_PROXY",
      "https_proxy",
      "NO_PROXY",
      "no_proxy"
    ];
    var DockerfileParser2;
    (function(DockerfileParser3) {
      function parse(content) {
        let parser = new parser_1.Parser();
        return parser.parse(content);
      }
      DockerfileParser3.parse = parse;
    })(DockerfileParser2 || (exports.DockerfileParser = DockerfileParser2 = {}));
  }
});

// node_modules/picocolors/picocolors.js
var require_picocolors = __commonJS({
  "node_modules/picocolors/picocolors.js"(exports, module) {
    var p = process || {};
    var argv = p.argv || [];
    var env = p.env || {};
    var isColorSupported = !(!!env.NO_COLOR || argv.includes("--no-color")) && (!!env.FORCE_COLOR || argv.includes("--color") || p.platform === "win32" || (p.stdout || {}).isTTY && env.TERM !== "dumb" || !!env.CI);
    var formatter = (open6, close, replace = open6) => (input) => {
      let string = "" + input, index = string.indexOf(close, open6.length);
      return ~index ? open6 + replaceClose(string, close, replace, index) + close : open6 + string + close;
    };
    var replaceClose = (string, close, replace, index) => {
      let result = "", cursor = 0;
      do {
        result += string.substring(cursor, index) + replace;
        cursor = index + close.length;
        index = string.indexOf(close, cursor);
      } while (~index);
      return result + string.substring(cursor);
    };
    var createColors = (enabled = isColorSupported) => {
      let f = enabled ? formatter : () => String;
      return {
        isColorSupported: enabled,
        reset: f("\x1B[0m", "\x1B[0m"),
        bold: f("\x1B[1m", "\x1B[22m", "\x1B[22m\x1B[1m"),
        dim: f("\x1B[2m", "\x1B[22m", "\x1B[22m\x1B[2m"),
        italic: f("\x1B[3m", "\x1B[23m"),
        underline: f("\x1B[4m", "\x1B[24m"),
        inverse: f("\x1B[7m", "\x1B[27m"),
        hidden: f("\x1B[8m", "\x1B[28m"),
        strikethrough: f("\x1B[9m", "\x1B[29m"),
        black: f("\x1B[30m", "\x1B[39m"),
        red: f("\x1B[31m", "\x1B[39m"),
        green: f("\x1B[32m", "\x1B[39m"),
        yellow: f("\x1B[33m", "\x1B[39m"),
        blue: f("\x1B[34m", "\x1B[39m"),
        magenta: f("\x1B[35m", "\x1B[39m"),
        cyan: f("\x1B[36m", "\x1B[39m"),
        white: f("\x1B[37m", "\x1B[39m"),
        gray: f("\x1B[90m", "\x1B[39m"),
        bgBlack: f("\x1B[40m", "\x1B[49m"),
        bgRed: f("\x1B[41m", "\x1B[49m"),
        bgGreen: f("\x1B[42m", "\x1B[49m"),
        bgYellow: f("\x1B[43m", "\x1B[49m"),
        bgBlue: f("\x1B[44m", "\x1B[49m"),
        bgMagenta: f("\x1B[45m", "\x1B[49m"),
        bgCyan: f("\x1B[46m", "\x1B[49m"),
        bgWhite: f("\x1B[47m", "\x1B[49m"),
        blackBright: f("\x1B[90m", "\x1B[39m"),
        redBright: f("\x1B[91m", "\x1B[39m"),
        greenBright: f("\x1B[92m", "\x1B[39m"),
        yellowBright: f("\x1B[93m", "\x1B[39m"),
        blueBright: f("\x1B[94m", "\x1B[39m"),
        magentaBright: f("\x1B[95m", "\x1B[39m"),
        cyanBright: f("\x1B[96m", "\x1B[39m"),
        whiteBright: f("\x1B[97m", "\x1B[39m"),
        bgBlackBright: f("\x1B[100m", "\x1B[49m"),
        bgRedBright: f("\x1B[101m", "\x1B[49m"),
        bgGreenBright: f("\x1B[102m", "\x1B[49m"),
        bgYellowBright: f("\x1B[103m", "\x1B[49m"),
        bgBlueBright: f("\x1B[104m", "\x1B[49m"),
        bgMagentaBright: f("\x1B[105m", "\x1B[49m"),
        bgCyanBright: f("\x1B[106m", "\x1B[49m"),
        bgWhiteBright: f("\x1B[107m", "\x1B[49m")
      };
    };
    module.exports = createColors();
    module.exports.createColors = createColors;
  }
});

// src/config/load.ts
var import_yaml = __toESM(require_dist(), 1);
import { existsSync } from "node:fs";
import { dirname, isAbsolute, join, relative, resolve } from "node:path";

// src/config/schema.ts
var GATE_SEVERITIES = SEVERITIES.filter((s) => s !== "unknown");
var path = external_exports.string().trim().min(1, "must be a path");
var paths = external_exports.array(path);
var severity = external_exports.enum(GATE_SEVERITIES);
var kindThreshold = external_exports.enum([...GATE_SEVERITIES, "off"]);
var spdxIds = external_exports.array(external_exports.string().trim().min(1)).describe("SPDX license ids (https://spdx.org/licenses/)");
var exceptionEntry = external_exports.strictObject({
  id: external_exports.string().describe("vulnerability, secret rule, check or license id"),
  rule: external_exports.enum(["threshold", "unknown-severity", "kev", "epss", "license"]).optional(),
  package: external_exports.string().optional(),
  image: external_exports.string().optional(),
  reason: external_exports.string(),
  expires: external_exports.string().describe("YYYY-MM-DD, inclusive")
}).describe("An accepted risk: every entry expires");
var gate = external_exports.strictObject({
  severity: severity.describe("--severity: fail on findings at or above this severity (default high)"),
  thresholds: external_exports.partialRecord(external_exports.enum(FINDING_KINDS), kindThreshold).describe(
    "--threshold KIND=SEVERITY: a threshold per finding kind; off leaves the kind to the other rules"
  ),
  "unknown-severity": external_exports.enum(["fail", "warn", "ignore"]).describe("--unknown-severity (default warn)"),
  "ignore-unfixed": external_exports.boolean().describe("--ignore-unfixed: fixable only; vendor statuses without a fix are unfixed"),
  kev: external_exports.enum(["fail", "ignore"]).describe("--kev: fail on CISA's Known Exploited Vulnerabilities (default fail)"),
  "kev-catalog": path.describe("--kev-catalog: CISA's KEV JSON feed, for findings no scanner marked"),
  epss: external_exports.number().gt(0).max(1).describe("--epss: fail at or above this EPSS probability (off by default)"),
  baseline: path.describe(
    "--baseline: a previous JSON report; only findings absent from it fail (new only)"
  ),
  "license-allow": spdxIds.describe("--license-allow: only these licenses (SPDX ids)"),
  "license-deny": spdxIds.describe("--license-deny: never these licenses (SPDX ids)"),
  exceptions: external_exports.union([path, external_exports.array(exceptionEntry)]).describe("--exceptions: a YAML exceptions file, or the exceptions themselves"),
  vex: external_exports.union([path, paths]).describe("--vex: OpenVEX documents")
}).partial().describe("The gate rules");
var scan = external_exports.strictObject({
  images: external_exports.array(external_exports.string().trim().min(1)).describe("the images to scan (name:tag, name@sha256:\u2026, oci-archive:\u2026)"),
  platform: external_exports.string().describe("--platform"),
  scanners: external_exports.array(external_exports.enum(SCANNER_NAMES)).describe("--scanners"),
  checks: external_exports.boolean().describe("--checks: container-gate's own hardening checks (default true)"),
  dockerfile: path.describe("--dockerfile"),
  manifests: paths.describe("--manifests"),
  build: external_exports.boolean().describe("--build"),
  context: path.describe("--context"),
  tag: external_exports.string().trim().min(1).describe("--tag"),
  builder: external_exports.enum(["auto", "buildx", "podman", "buildah"]).describe("--builder"),
  "build-arg": external_exports.record(external_exports.string(), external_exports.union([external_exports.string(), external_exports.number(), external_exports.boolean()])).describe("--build-arg NAME=value"),
  export: external_exports.enum(["auto", "always", "never"]).describe("--export"),
  timeout: external_exports.number().gt(0).max(MAX_TIMEOUT_SECONDS).describe("--timeout: seconds one scanner run may take (at most a week)"),
  concurrency: external_exports.number().int().min(1).describe("--concurrency"),
  "insecure-registry": external_exports.boolean().describe("--insecure-registry"),
  "install-missing": external_exports.boolean().describe("--install-missing"),
  "work-dir": path.describe("--work-dir"),
  "keep-work-dir": external_exports.boolean().describe("--keep-work-dir"),
  "trivy-path": path.describe("--trivy-path"),
  "grype-path": path.describe("--grype-path"),
  "syft-path": path.describe("--syft-path")
}).partial().describe("What to scan and how");
var outputs = external_exports.strictObject({
  json: path.describe("--json"),
  sarif: path.describe("--sarif"),
  summary: path.describe("--summary"),
  "summary-max-chars": external_exports.number().int().min(1e3).describe("--summary-max-chars"),
  "sbom-dir": path.describe("--sbom-dir"),
  "sbom-format": external_exports.array(external_exports.enum(["cyclonedx-json", "spdx-json"])).describe("--sbom-format"),
  table: external_exports.boolean().describe("--table"),
  quiet: external_exports.boolean().describe("--quiet"),
  color: external_exports.boolean().describe("--color")
}).partial().describe("What to write");
var configSchema = external_exports.strictObject({
  $schema: external_exports.string().optional(),
  version: external_exports.literal(1).describe("The config format version").optional(),
  gate: gate.optional(),
  scan: scan.optional(),
  outputs: outputs.optional()
}).describe("container-gate configuration (container-gate.yaml)");

// src/config/load.ts
var CONFIG_NAMES = ["container-gate.yaml", "container-gate.yml"];
async function loadConfig(explicit, cwd = process.cwd()) {
  const path3 = explicit ?? findConfig(cwd);
  if (!path3) return void 0;
  const text5 = await readInput(resolve(cwd, path3), "config file").catch((error) => {
    throw error instanceof UsageError ? new UsageError(error.message.replace(resolve(cwd, path3), path3)) : error;
  });
  const config = parseConfig(text5, path3);
  return { path: path3, config: resolvePaths(config, path3, cwd) };
}
function findConfig(cwd) {
  const root = repositoryRoot(cwd) ?? cwd;
  const found = CONFIG_NAMES.map((name) => join(root, name)).filter((candidate) => existsSync(candidate));
  if (found.length > 1)
    throw new UsageError(`config: both ${found.join(" and ")} exist \u2014 keep one (container-gate.yaml)`);
  const [path3] = found;
  return path3 === void 0 ? void 0 : relative(cwd, path3) || path3;
}
function repositoryRoot(cwd) {
  let dir = resolve(cwd);
  for (; ; ) {
    if (existsSync(join(dir, ".git"))) return dir;
    const parent = dirname(dir);
    if (parent === dir) return void 0;
    dir = parent;
  }
}
function parseConfig(text5, origin) {
  let document;
  try {
    document = (0, import_yaml.parse)(text5, { maxAliasCount: 0, schema: "core", uniqueKeys: true });
  } catch (error) {
    if (error instanceof RangeError)
      throw new UsageError(`config ${origin}: nested too deeply to be a config file`, { cause: error });
    const line = errorMessage(error).split("\n", 1)[0];
    throw new UsageError(`config ${origin}: not valid YAML (${line}) \u2014 fix the syntax`, { cause: error });
  }
  if (document === null || document === void 0) return {};
  const parsed = configSchema.safeParse(document);
  if (parsed.success) return parsed.data;
  const problems = parsed.error.issues.slice(0, 10).map(describeIssue);
  const more = parsed.error.issues.length > 10 ? `; and ${parsed.error.issues.length - 10} more` : "";
  throw new UsageError(
    `config ${origin}: ${problems.join("; ")}${more} \u2014 see docs/config.md (or docs/container-gate.schema.json)`
  );
}
var KNOWN_KEYS = {
  "": Object.keys(configSchema.shape),
  gate: Object.keys(configSchema.shape.gate.unwrap().shape),
  scan: Object.keys(configSchema.shape.scan.unwrap().shape),
  outputs: Object.keys(configSchema.shape.outputs.unwrap().shape)
};
function describeIssue(issue) {
  const at3 = issue.path.map(String).join(".");
  if (issue.code === "unrecognized_keys") {
    return issue.keys.map((key) => {
      const name = at3 ? `${at3}.${key}` : key;
      const known = KNOWN_KEYS[at3];
      const hint = known ? closest(key, known) : void 0;
      return `${name}: unknown key${hint ? ` (did you mean ${at3 ? `${at3}.` : ""}${hint}?)` : ""}`;
    }).join("; ");
  }
  return `${at3 || "top level"}: ${issue.message}`;
}
function closest(key, known) {
  let best;
  for (const name of known) {
    const distance = editDistance(key.toLowerCase(), name.toLowerCase());
    if (!best || distance < best.distance) best = { name, distance };
  }
  return best && best.distance <= Math.max(2, Math.floor(key.length / 3)) ? best.name : void 0;
}
function editDistance(a, b) {
  const row = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    let previous = row[0];
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const current = row[j];
      row[j] = Math.min(row[j] + 1, row[j - 1] + 1, previous + (a[i - 1] === b[j - 1] ? 0 : 1));
      previous = current;
    }
  }
  return row[b.length];
}
function resolvePaths(config, path3, cwd) {
  const base = dirname(resolve(cwd, path3));
  if (base === resolve(cwd)) return config;
  const at3 = (p) => isAbsolute(p) ? p : relative(cwd, join(base, p)) || ".";
  const { gate: gate2, scan: scan2, outputs: outputs2 } = config;
  return {
    ...config,
    ...gate2 ? {
      gate: {
        ...gate2,
        ...gate2["kev-catalog"] ? { "kev-catalog": at3(gate2["kev-catalog"]) } : {},
        ...gate2.baseline ? { baseline: at3(gate2.baseline) } : {},
        ...typeof gate2.exceptions === "string" ? { exceptions: at3(gate2.exceptions) } : {},
        ...gate2.vex ? { vex: (Array.isArray(gate2.vex) ? gate2.vex : [gate2.vex]).map(at3) } : {}
      }
    } : {},
    ...scan2 ? {
      scan: {
        ...scan2,
        ...scan2.dockerfile ? { dockerfile: at3(scan2.dockerfile) } : {},
        ...scan2.manifests ? { manifests: scan2.manifests.map(at3) } : {},
        ...scan2.context ? { context: at3(scan2.context) } : {},
        ...scan2["work-dir"] ? { "work-dir": at3(scan2["work-dir"]) } : {}
      }
    } : {},
    ...outputs2 ? {
      outputs: {
        ...outputs2,
        ...outputs2.json ? { json: at3(outputs2.json) } : {},
        ...outputs2.sarif ? { sarif: at3(outputs2.sarif) } : {},
        ...outputs2.summary ? { summary: at3(outputs2.summary) } : {},
        ...outputs2["sbom-dir"] ? { "sbom-dir": at3(outputs2["sbom-dir"]) } : {}
      }
    } : {}
  };
}

// src/core/baseline.ts
function baselineKey(finding, imageName) {
  const pkg = finding.package;
  const id3 = finding.kind === "vulnerability" ? canonicalVulnerabilityId(finding.id, finding.aliases) : finding.id;
  return JSON.stringify([
    finding.kind,
    imageName,
    id3.toUpperCase(),
    normaliseEcosystem(pkg?.type) ?? "",
    pkg?.name ?? "",
    normalisePath(finding.kind === "vulnerability" ? pkg?.path : finding.location?.path) ?? ""
  ]);
}
function compareWithBaseline(findings, baseline, imageNameOf) {
  const remaining = /* @__PURE__ */ new Map();
  for (const old of baseline.findings) {
    const key = baselineKey(old, old.target);
    const list = remaining.get(key);
    if (list) list.push(old);
    else remaining.set(key, [old]);
  }
  for (const list of remaining.values()) list.sort(byLine);
  const marks = new Array(findings.length);
  const order = findings.map((_, index) => index).sort((a, b) => byLine(findings[a], findings[b]));
  for (const index of order) {
    const finding = findings[index];
    const list = remaining.get(baselineKey(finding, imageNameOf(finding.target)));
    marks[index] = list && list.length > 0 ? "unchanged" : "new";
    list?.shift();
  }
  const fixed = [...remaining.values()].flat();
  return { marks, fixed };
}
function byLine(a, b) {
  return (a.location?.startLine ?? 0) - (b.location?.startLine ?? 0) || compareStrings(a.package?.version ?? "", b.package?.version ?? "");
}

// src/core/kev.ts
function onKevCatalog(finding, catalog) {
  if (!catalog || finding.kind !== "vulnerability") return false;
  return [finding.id, ...finding.aliases].some((id3) => catalog.ids.has(id3.toUpperCase()));
}
function markKnownExploited(findings, catalog) {
  if (!catalog) return [...findings];
  return findings.map(
    (f) => !f.knownExploited && onKevCatalog(f, catalog) ? { ...f, knownExploited: true } : f
  );
}

// src/core/gate-rules.ts
function ruleContext(policy, imageNameOf) {
  return {
    policy,
    imageNameOf,
    allow: new LicenseList(policy.licenses.allow),
    deny: new LicenseList(policy.licenses.deny)
  };
}
var PASS = { fails: false };
function unfixed(finding) {
  return finding.kind === "vulnerability" && finding.fix.state !== "fixed";
}
function thresholdRule(finding, { policy }) {
  const threshold = policy.thresholds[finding.kind] ?? policy.threshold;
  if (threshold === "off") return { fails: false, decision: "kind-not-gated" };
  if (finding.severity === "unknown") {
    if (finding.kind === "license") return { fails: false, decision: "license-unrated" };
    return policy.unknownSeverity === "fail" ? { rule: "unknown-severity", fails: true } : { fails: false, decision: "unknown-severity" };
  }
  if (!meetsThreshold(finding.severity, threshold)) return { fails: false, decision: "below-threshold" };
  if (policy.ignoreUnfixed && unfixed(finding)) return { fails: false, decision: "unfixed-ignored" };
  return { rule: "threshold", fails: true };
}
function kevRule(finding, { policy }) {
  if (finding.kind !== "vulnerability" || policy.kev !== "fail") return PASS;
  if (!finding.knownExploited && !onKevCatalog(finding, policy.kevCatalog)) return PASS;
  if (policy.ignoreUnfixed && unfixed(finding)) return { fails: false, decision: "unfixed-ignored" };
  return { rule: "kev", fails: true };
}
function epssRule(finding, { policy }) {
  if (finding.kind !== "vulnerability" || policy.epss === void 0 || !finding.epss) return PASS;
  if (finding.epss.score < policy.epss) return PASS;
  if (policy.ignoreUnfixed && unfixed(finding)) return { fails: false, decision: "unfixed-ignored" };
  return { rule: "epss", fails: true };
}
function licenseRule(finding, { allow, deny }) {
  if (finding.kind !== "license" || allow.size === 0 && deny.size === 0) return PASS;
  const expression = parseLicenseExpression(finding.id);
  if (deny.size > 0 && deny.coversEveryChoice(expression)) return { rule: "license", fails: true };
  if (allow.size === 0) return PASS;
  return allow.coversSomeChoice(expression) ? "allowed" : { rule: "license", fails: true };
}
function idsOf(finding) {
  const ids = new Set([finding.id, ...finding.aliases].map((id3) => id3.toUpperCase()));
  if (finding.kind === "vulnerability")
    ids.add(canonicalVulnerabilityId(finding.id, finding.aliases).toUpperCase());
  return ids;
}
var CVE_ID = /^CVE-\d{4}-\d+$/i;
function namesFinding(id3, finding) {
  if (!idsOf(finding).has(id3.toUpperCase())) return false;
  if (finding.kind !== "vulnerability" || !CVE_ID.test(id3)) return true;
  const cves = new Set(
    [finding.id, ...finding.aliases].filter((i) => CVE_ID.test(i)).map((i) => i.toUpperCase())
  );
  return cves.size <= 1;
}
function exceptionMatches(exception, finding, imageNameOf) {
  const named = namesFinding(exception.id, finding) || finding.kind === "license" && idsOf(finding).has(normaliseLicenseExpression(exception.id).toUpperCase());
  if (!named) return false;
  if (exception.package !== void 0 && exception.package !== finding.package?.name) return false;
  if (exception.image !== void 0 && exception.image !== imageNameOf(finding.target)) return false;
  return true;
}
function vexApplies(statement, finding, imageNameOf) {
  if (statement.status !== "not_affected" && statement.status !== "fixed") return false;
  if (finding.kind !== "vulnerability") return false;
  if (!namesFinding(statement.vulnerability, finding)) return false;
  if (statement.products.length === 0) return true;
  const purl = finding.package?.purl;
  const image = imageNameOf(finding.target);
  const names = (id3) => id3 === image || id3 === finding.target || purl !== void 0 && purlCovers(id3, purl);
  return statement.products.some(
    ({ id: id3, subcomponents }) => names(id3) && (subcomponents === void 0 || purl !== void 0 && subcomponents.some((component) => purlCovers(component, purl)))
  );
}
function purlCovers(product, purl) {
  const strip = (p) => p.split(/[?#]/, 1)[0];
  const base = strip(purl);
  const wanted = strip(product);
  return wanted.includes("@") ? base === wanted : base.split("@", 1)[0] === wanted;
}
function vendorNotAffected(finding) {
  if (finding.kind !== "vulnerability") return void 0;
  const statuses = finding.vendorStatuses ?? [];
  const notAffected = statuses.filter((s) => s.status === "not_affected");
  if (notAffected.length === 0 || finding.foundBy.length === 0) return void 0;
  if (!finding.foundBy.every((scanner) => notAffected.some((s) => s.scanner === scanner))) return void 0;
  const source = notAffected.map((s) => s.source ? `${s.scanner}: ${s.source}` : s.scanner).join(", ");
  return { status: "not_affected", source };
}

// src/core/gate-verdict.ts
function buildVerdict(input) {
  const { findings, decisions, policy, ledger, errors } = input;
  const violations = decisions.filter((d) => d.decision === "violation").length;
  const unknownSeverity = findings.filter((f) => f.severity === "unknown" && f.kind !== "license").length;
  const status = errors.length > 0 ? "error" : violations > 0 ? "failed" : "passed";
  const failedRules = ruleFailures(findings, decisions, policy);
  const suppressed = { vex: 0, "vendor-status": 0, exception: 0, baseline: 0 };
  for (const d of decisions) if (d.suppressedBy) suppressed[d.suppressedBy]++;
  const baseline = input.origin !== void 0 ? baselineSummary(input, decisions) : void 0;
  const toUse = (e, matched) => ({
    id: e.id,
    ...e.rule ? { rule: e.rule } : {},
    ...e.package ? { package: e.package } : {},
    ...e.image ? { image: e.image } : {},
    reason: e.reason,
    expires: e.expires,
    origin: e.origin,
    matched
  });
  return {
    status,
    passed: status === "passed",
    threshold: policy.threshold,
    ignoreUnfixed: policy.ignoreUnfixed,
    violations,
    unknownSeverity,
    failedRules,
    suppressed,
    policy: policyInEffect(policy),
    ...baseline ? { baseline } : {},
    exceptionsApplied: [...ledger.uses].map(([e, n]) => toUse(e, n)),
    exceptionsExpired: ledger.expired.map((e) => toUse(e, ledger.expiredUses.get(e) ?? 0)),
    exceptionsUnused: ledger.active.filter((e) => !ledger.uses.has(e)).map((e) => toUse(e, 0)),
    errors,
    reasons: reasonsFor({ ...input, status, failedRules, suppressed, unknownSeverity, baseline })
  };
}
function kindThreshold2(policy, kind) {
  return policy.thresholds[kind] ?? policy.threshold;
}
function policyInEffect(policy) {
  const thresholds = Object.fromEntries(FINDING_KINDS.map((k) => [k, kindThreshold2(policy, k)]));
  return {
    thresholds,
    ignoreUnfixed: policy.ignoreUnfixed,
    unknownSeverity: policy.unknownSeverity,
    kev: policy.kev,
    ...policy.epss !== void 0 ? { epss: policy.epss } : {},
    licenses: { allow: [...policy.licenses.allow], deny: [...policy.licenses.deny] },
    ...policy.baseline ? { baseline: policy.baseline.origin } : {}
  };
}
function ruleFailures(findings, decisions, policy) {
  const failures = [];
  for (const rule of GATE_RULES) {
    const failed = findings.filter((_, i) => decisions[i].rules?.includes(rule));
    if (failed.length > 0)
      failures.push({ rule, violations: failed.length, summary: ruleSummary(rule, failed, policy) });
  }
  return failures;
}
var KIND_NOUNS = {
  vulnerability: ["vulnerability", "vulnerabilities"],
  secret: ["secret", "secrets"],
  misconfiguration: ["misconfiguration", "misconfigurations"],
  hardening: ["hardening finding", "hardening findings"],
  license: ["license", "licenses"]
};
function ruleSummary(rule, failed, policy) {
  const vulns = (n) => counted(n, "vulnerability", "vulnerabilities");
  switch (rule) {
    case "threshold":
      return thresholdSummary(failed, policy);
    case "unknown-severity":
      return `${counted(failed.length, "finding")} of unknown severity (unknown-severity: fail)`;
    case "kev":
      return `${vulns(failed.length)} on CISA's Known Exploited Vulnerabilities catalog, at any severity`;
    case "epss":
      return `${vulns(failed.length)} with an EPSS probability of ${policy.epss} or more`;
    case "license": {
      const ids = [...new Set(failed.map((f) => f.id))];
      const shown = ids.slice(0, 5).join(", ") + (ids.length > 5 ? `, +${ids.length - 5} more` : "");
      return `${counted(failed.length, "license finding")} denied or not on the allow list (${shown})`;
    }
  }
}
function thresholdSummary(failed, policy) {
  const kinds = FINDING_KINDS.filter((k) => failed.some((f) => f.kind === k));
  const thresholds = new Set(kinds.map((k) => kindThreshold2(policy, k)));
  const fix = policy.ignoreUnfixed ? " with a fix available" : "";
  if (thresholds.size === 1)
    return `${counted(failed.length, "finding")} at or above ${[...thresholds][0]}${fix}`;
  return kinds.map((k) => {
    const [one, many] = KIND_NOUNS[k];
    return `${counted(failed.filter((f) => f.kind === k).length, one, many)} at or above ${kindThreshold2(policy, k)}`;
  }).join(", ").concat(fix);
}
function baselineSummary(input, decisions) {
  const fixed = (input.fixed ?? []).map(
    (f) => ({
      kind: f.kind,
      id: f.id,
      target: f.target,
      ...f.package ? { package: { name: f.package.name, ...f.package.version ? { version: f.package.version } : {} } } : {},
      ...f.location ? {
        location: {
          path: f.location.path,
          ...f.location.startLine ? { startLine: f.location.startLine } : {}
        }
      } : {},
      severity: f.severity,
      title: f.title
    })
  );
  return {
    origin: input.origin ?? "",
    new: decisions.filter((d) => d.baseline === "new").length,
    unchanged: decisions.filter((d) => d.baseline === "unchanged").length,
    fixed
  };
}
function reasonsFor(facts) {
  const { errors, policy, ledger, failedRules, suppressed, unknownSeverity, baseline } = facts;
  const reasons = [];
  if (errors.length > 0) reasons.push(`the run failed, so the gate cannot pass: ${errors.join("; ")}`);
  for (const failure of failedRules) reasons.push(`${failure.rule}: ${failure.summary}`);
  if (baseline) {
    reasons.push(
      `${baseline.new} new, ${baseline.fixed.length} fixed since the baseline ${baseline.origin}` + (baseline.unchanged > 0 ? ` (${baseline.unchanged} unchanged, not gated: new only)` : "")
    );
  }
  if (unknownSeverity > 0 && policy.unknownSeverity !== "ignore") {
    reasons.push(
      `${counted(unknownSeverity, "finding")} of unknown severity` + (policy.unknownSeverity === "fail" ? " counted as violations" : " shown, not gated (--unknown-severity fail to gate them)")
    );
  }
  if (suppressed["vendor-status"] > 0) {
    reasons.push(
      `${counted(suppressed["vendor-status"], "vulnerability", "vulnerabilities")} suppressed: the vendor marks the package not_affected`
    );
  }
  for (const e of ledger.expired)
    reasons.push(`exception for ${e.id} (${e.origin}) expired on ${e.expires} and no longer applies`);
  if (facts.status === "passed" && failedRules.length === 0 && reasons.length === 0)
    reasons.push(`no finding at or above ${policy.threshold}`);
  return reasons;
}

// src/core/gate.ts
function exitCodeForGate(status) {
  if (status === "error") return EXIT.runFailed;
  return status === "failed" ? EXIT.gateFailed : EXIT.passed;
}
function evaluateGate(input) {
  const { findings, policy, today } = input;
  const imageNameOf = input.imageNameOf ?? ((target) => target);
  const ledger = {
    active: policy.exceptions.filter((e) => e.expires >= today),
    expired: policy.exceptions.filter((e) => e.expires < today),
    uses: /* @__PURE__ */ new Map(),
    expiredUses: /* @__PURE__ */ new Map()
  };
  const context = ruleContext(policy, imageNameOf);
  const comparison = policy.baseline ? compareWithBaseline(findings, policy.baseline, imageNameOf) : void 0;
  const decisions = findings.map((finding, index) => {
    const mark = comparison?.marks[index];
    const decision = decideFinding(finding, mark, context, ledger);
    return mark ? { ...decision, baseline: mark } : decision;
  });
  const verdict = buildVerdict({
    findings,
    decisions,
    policy,
    ledger,
    errors: [...input.errors ?? []],
    ...comparison && policy.baseline ? { fixed: comparison.fixed, origin: policy.baseline.origin } : {}
  });
  return { verdict, decisions };
}
var RULES = [licenseRule, thresholdRule, kevRule, epssRule];
var SUPPRESSIONS = [kindNotGated, vexSuppression, vendorSuppression];
function decideFinding(finding, mark, context, ledger) {
  for (const suppression of SUPPRESSIONS) {
    const suppressed = suppression(finding, context);
    if (suppressed) return suppressed;
  }
  const matching = matchingExceptions(finding, context, ledger);
  const whole = matching.find((e) => e.rule === void 0);
  if (whole) {
    ledger.uses.set(whole, (ledger.uses.get(whole) ?? 0) + 1);
    return { decision: "excepted", suppressedBy: "exception", exception: exceptionRecord(whole) };
  }
  return newOnly(mark) ?? applyRules(finding, context, ledger, matching);
}
function kindNotGated(finding, { policy }) {
  return policy.kinds.includes(finding.kind) ? void 0 : { decision: "kind-not-gated" };
}
function vexSuppression(finding, { policy, imageNameOf }) {
  const vex = policy.vex.find((s) => vexApplies(s, finding, imageNameOf));
  if (!vex) return void 0;
  const statement = { status: vex.status, origin: vex.origin };
  return {
    decision: "vex-suppressed",
    suppressedBy: "vex",
    vex: vex.justification ? { ...statement, justification: vex.justification } : statement
  };
}
function vendorSuppression(finding) {
  const vendor = vendorNotAffected(finding);
  return vendor ? { decision: "vendor-suppressed", suppressedBy: "vendor-status", vendorStatus: vendor } : void 0;
}
function newOnly(mark) {
  return mark === "unchanged" ? { decision: "baseline-unchanged", suppressedBy: "baseline" } : void 0;
}
function matchingExceptions(finding, context, ledger) {
  for (const e of ledger.expired) {
    if (exceptionMatches(e, finding, context.imageNameOf))
      ledger.expiredUses.set(e, (ledger.expiredUses.get(e) ?? 0) + 1);
  }
  return ledger.active.filter((e) => exceptionMatches(e, finding, context.imageNameOf));
}
function ruleOutcomes(finding, context) {
  const outcomes = [];
  for (const rule of RULES) {
    const outcome = rule(finding, context);
    if (outcome === "allowed") return [{ fails: false, decision: "license-allowed" }];
    outcomes.push(outcome);
  }
  return outcomes;
}
function applyRules(finding, context, ledger, exceptions) {
  const outcomes = ruleOutcomes(finding, context);
  const failing = outcomes.flatMap((o) => o.fails ? [o.rule] : []);
  const waivers = failing.flatMap((rule) => {
    const waiver = exceptions.find((e) => e.rule === rule);
    return waiver ? [waiver] : [];
  });
  for (const waiver of new Set(waivers)) ledger.uses.set(waiver, (ledger.uses.get(waiver) ?? 0) + 1);
  const rules = failing.filter((rule) => !waivers.some((w) => w.rule === rule));
  const waived = waivers[0] ? { exception: exceptionRecord(waivers[0]) } : {};
  if (rules.length > 0) return { decision: "violation", rules: sortRules(rules), ...waived };
  if (waivers.length > 0) return { decision: "excepted", suppressedBy: "exception", ...waived };
  const decisions = outcomes.flatMap((o) => !o.fails && o.decision ? [o.decision] : []);
  return {
    decision: decisions.includes("unfixed-ignored") ? "unfixed-ignored" : decisions[0] ?? "below-threshold"
  };
}
function sortRules(rules) {
  return [...new Set(rules)].sort((a, b) => GATE_RULES.indexOf(a) - GATE_RULES.indexOf(b));
}
function exceptionRecord(e) {
  const record2 = { reason: e.reason, expires: e.expires, origin: e.origin };
  return e.rule ? { ...record2, rule: e.rule } : record2;
}

// src/core/attestation.ts
function gateOnAttestations(verdict, targets) {
  const unverified = targets.filter((t) => t.attestation?.status === "unverified");
  if (unverified.length === 0) return verdict;
  return {
    ...verdict,
    status: verdict.status === "error" ? "error" : "failed",
    passed: false,
    reasons: [
      ...unverified.map(
        (t) => `${t.display}: no verified SBOM attestation, not re-scanned (${t.attestation?.reason ?? "unverified"})`
      ),
      ...verdict.reasons
    ]
  };
}
function attestationErrors(targets) {
  return targets.filter((t) => t.attestation?.status === "error").map((t) => `${t.display}: ${t.attestation?.reason ?? "its SBOM attestation could not be checked"}`);
}

// src/core/merge-reports.ts
function mergeReports(reports, policy, today) {
  const first = reports[0];
  if (!first)
    throw new UsageError("merge: no reports given; pass one or more JSON reports written by --json");
  const targets = /* @__PURE__ */ new Map();
  for (const report of reports) {
    for (const t of report.targets) {
      const seen = targets.get(t.display);
      if (!seen || attestationRank(t) > attestationRank(seen)) targets.set(t.display, t);
    }
  }
  const findings = markKnownExploited(
    dedupeFindings(reports.flatMap((r) => r.findings.map(withoutGate))),
    policy.kevCatalog
  );
  const scanners = reports.flatMap((r) => r.scanners).sort(byTargetThenName);
  const sboms = reports.flatMap((r) => r.sboms).sort(bySbom);
  const errors = [];
  for (const report of reports) {
    for (const error of report.gate.errors) errors.push(error);
    if (report.gate.errors.length === 0) {
      for (const run of report.scanners) {
        if (run.status === "failed" || run.status === "timeout") {
          errors.push(`${run.name} on ${run.target}: ${run.error ?? run.status}`);
        }
      }
    }
  }
  const merged = [...targets.values()].sort((a, b) => compareStrings(a.display, b.display));
  errors.push(...attestationErrors(merged));
  const gate2 = evaluateGate({
    findings,
    policy,
    today,
    errors: [...new Set(errors)],
    imageNameOf: (target) => targets.get(target)?.name ?? target
  });
  return {
    version: REPORT_VERSION,
    tool: { ...first.tool },
    targets: merged,
    findings: findings.map((finding, i) => ({ ...finding, gate: gate2.decisions[i] })),
    gate: gateOnAttestations(gate2.verdict, merged),
    scanners,
    sboms
  };
}
var ATTESTATION_RANK = { verified: 1, error: 2, unverified: 3 };
function attestationRank(target) {
  return target.attestation ? ATTESTATION_RANK[target.attestation.status] : 0;
}
function withoutGate(finding) {
  const { gate: _gate, ...rest } = finding;
  return rest;
}
function byTargetThenName(a, b) {
  return compareStrings(a.target, b.target) || compareStrings(a.name, b.name);
}
function bySbom(a, b) {
  return compareStrings(a.target, b.target) || compareStrings(a.format, b.format) || compareStrings(a.path, b.path);
}

// src/pipeline.ts
import { mkdtemp as mkdtemp2, rm as rm9 } from "node:fs/promises";
import { tmpdir as tmpdir2 } from "node:os";
import { join as join18 } from "node:path";

// node_modules/yocto-queue/index.js
var Node = class {
  value;
  next;
  constructor(value) {
    this.value = value;
  }
};
var Queue = class {
  #head;
  #tail;
  #size;
  constructor() {
    this.clear();
  }
  enqueue(value) {
    const node = new Node(value);
    if (this.#head) {
      this.#tail.next = node;
      this.#tail = node;
    } else {
      this.#head = node;
      this.#tail = node;
    }
    this.#size++;
  }
  dequeue() {
    const current = this.#head;
    if (!current) {
      return;
    }
    this.#head = this.#head.next;
    this.#size--;
    if (!this.#head) {
      this.#tail = void 0;
    }
    return current.value;
  }
  peek() {
    if (!this.#head) {
      return;
    }
    return this.#head.value;
  }
  clear() {
    this.#head = void 0;
    this.#tail = void 0;
    this.#size = 0;
  }
  get size() {
    return this.#size;
  }
  *[Symbol.iterator]() {
    let current = this.#head;
    while (current) {
      yield current.value;
      current = current.next;
    }
  }
  *drain() {
    while (this.#head) {
      yield this.dequeue();
    }
  }
};

// node_modules/p-limit/index.js
function pLimit(concurrency) {
  let rejectOnClear = false;
  if (typeof concurrency === "object") {
    ({ concurrency, rejectOnClear = false } = concurrency);
  }
  validateConcurrency(concurrency);
  if (typeof rejectOnClear !== "boolean") {
    throw new TypeError("Expected `rejectOnClear` to be a boolean");
  }
  const queue = new Queue();
  let activeCount = 0;
  const resumeNext = () => {
    if (activeCount < concurrency && queue.size > 0) {
      activeCount++;
      queue.dequeue().run();
    }
  };
  const next = () => {
    activeCount--;
    resumeNext();
  };
  const run = async (function_, resolve6, arguments_) => {
    const result = (async () => function_(...arguments_))();
    resolve6(result);
    try {
      await result;
    } catch {
    }
    next();
  };
  const enqueue = (function_, resolve6, reject, arguments_) => {
    const queueItem = { reject };
    new Promise((internalResolve) => {
      queueItem.run = internalResolve;
      queue.enqueue(queueItem);
    }).then(run.bind(void 0, function_, resolve6, arguments_));
    if (activeCount < concurrency) {
      resumeNext();
    }
  };
  const generator = (function_, ...arguments_) => new Promise((resolve6, reject) => {
    enqueue(function_, resolve6, reject, arguments_);
  });
  Object.defineProperties(generator, {
    activeCount: {
      get: () => activeCount
    },
    pendingCount: {
      get: () => queue.size
    },
    clearQueue: {
      value() {
        if (!rejectOnClear) {
          queue.clear();
          return;
        }
        const abortError = AbortSignal.abort().reason;
        while (queue.size > 0) {
          queue.dequeue().reject(abortError);
        }
      }
    },
    concurrency: {
      get: () => concurrency,
      set(newConcurrency) {
        validateConcurrency(newConcurrency);
        concurrency = newConcurrency;
        queueMicrotask(() => {
          while (activeCount < concurrency && queue.size > 0) {
            resumeNext();
          }
        });
      }
    },
    map: {
      async value(iterable, function_) {
        const promises = [];
        try {
          Array.from(iterable, (value, index) => {
            const promise = generator(function_, value, index);
            promises.push(promise);
            return promise;
          });
        } catch (error) {
          for (const promise of promises) {
            promise.catch(() => {
            });
          }
          throw error;
        }
        return Promise.all(promises);
      }
    }
  });
  return generator;
}
function validateConcurrency(concurrency) {
  if (!((Number.isInteger(concurrency) || concurrency === Number.POSITIVE_INFINITY) && concurrency > 0)) {
    throw new TypeError("Expected `concurrency` to be a number from 1 and up");
  }
}

// src/checks/catalogue/dockerfile.ts
var BEST_PRACTICES = "https://docs.docker.com/build/building/best-practices/";
var DOCKERFILE_RULES = [
  {
    id: "CG-D001",
    scope: "dockerfile",
    title: "Final stage runs as root",
    severity: "high",
    practice: "non-root user",
    description: "The image that ships has no USER, or sets USER root/0: every process in the container runs as root, so any code execution bug is one kernel or runtime flaw away from the host.",
    remediation: "Create an unprivileged user in the final stage (or use a base that has one) and switch to it with a numeric USER, so that Kubernetes runAsNonRoot can verify it.",
    example: "FROM gcr.io/distroless/static-debian12@sha256:<digest>\nCOPY --from=build /out/app /app\nUSER 65532:65532",
    links: [`${BEST_PRACTICES}#user`, "https://docs.docker.com/reference/dockerfile/#user"]
  },
  {
    id: "CG-D002",
    scope: "dockerfile",
    title: "Base image not pinned by digest",
    severity: "medium",
    practice: "digest-pinned base images",
    description: "A tag can be moved to other content at any time: the image scanned today is not the one built tomorrow, and a compromised registry account can swap the base under you.",
    remediation: "Pin every FROM by digest (keep the tag for readability) and let a bot such as Renovate or Dependabot update the digest.",
    example: "FROM node:22.11-bookworm-slim@sha256:<64 hex digits>",
    links: [
      `${BEST_PRACTICES}#pin-base-image-versions`,
      "https://docs.docker.com/reference/dockerfile/#from"
    ]
  },
  {
    // Higher than an unpinned tag: `latest` (or no tag) moves across major versions without notice, so the
    // result of this very scan says nothing about the next build.
    id: "CG-D003",
    scope: "dockerfile",
    title: "Base image uses ':latest' or no tag",
    severity: "high",
    practice: "digest-pinned base images",
    description: "FROM without a tag means ':latest', which changes whenever upstream publishes, including new major versions: builds are neither reproducible nor reviewable.",
    remediation: "Name a specific version and pin it by digest.",
    example: "FROM node:22.11-bookworm-slim@sha256:<64 hex digits>",
    links: [
      `${BEST_PRACTICES}#pin-base-image-versions`,
      "https://docs.docker.com/reference/dockerfile/#from"
    ]
  },
  {
    id: "CG-D004",
    scope: "dockerfile",
    title: "Secret value in ENV, ARG or LABEL",
    severity: "critical",
    practice: "no secrets in images or env",
    description: "A literal secret in the Dockerfile is in the repository, in every image layer and in `docker history`: anyone who can pull the image or read the repository has it.",
    remediation: "Remove the value, rotate the secret, and pass it at build time as a BuildKit secret mount (or at run time from the orchestrator\u2019s secret store).",
    example: "# docker build --secret id=npm_token,env=NPM_TOKEN .\nRUN --mount=type=secret,id=npm_token,env=NPM_TOKEN npm ci --omit=dev",
    links: [
      "https://docs.docker.com/build/building/secrets/",
      "https://docs.docker.com/reference/dockerfile/#env"
    ]
  },
  {
    id: "CG-D005",
    scope: "dockerfile",
    title: "Secret passed as a build argument or environment variable",
    severity: "high",
    practice: "no secrets in images or env",
    description: "A secret-named ARG or ENV in the shipped stage ends up in the image: ENV values in the config, build arguments in the history of every RUN that uses them.",
    remediation: "Use a BuildKit secret mount for build-time secrets; inject run-time secrets from the orchestrator.",
    example: "RUN --mount=type=secret,id=github_token,env=GITHUB_TOKEN ./fetch-private-deps.sh",
    links: [
      "https://docs.docker.com/build/building/secrets/",
      "https://docs.docker.com/reference/dockerfile/#arg"
    ]
  },
  {
    id: "CG-D006",
    scope: "dockerfile",
    title: "ADD downloads a remote URL without a checksum",
    severity: "medium",
    practice: "verified build inputs",
    description: "ADD <url> fetches whatever the server returns at build time, unverified: a compromised or moved download goes into the image silently.",
    remediation: "Give ADD a --checksum, or download with a verified checksum in a build stage.",
    example: "ADD --checksum=sha256:<64 hex digits> https://example.com/tool-1.2.3.tar.gz /tmp/tool.tar.gz",
    links: [`${BEST_PRACTICES}#add-or-copy`, "https://docs.docker.com/reference/dockerfile/#add---checksum"]
  },
  {
    id: "CG-D007",
    scope: "dockerfile",
    title: "Whole build context copied without a .dockerignore",
    severity: "medium",
    practice: "no secrets in images or env",
    description: "COPY . copies everything in the build context: .git, .env files, local credentials, test data. Without a .dockerignore nothing is excluded.",
    remediation: "Add a .dockerignore beside the Dockerfile that excludes VCS data, secrets and local artifacts, or copy only the paths the image needs.",
    example: "# .dockerignore\n.git\n.env*\n**/*.pem\nnode_modules\n\n# Dockerfile\nCOPY package.json package-lock.json ./\nCOPY src/ ./src/",
    links: [
      `${BEST_PRACTICES}#exclude-with-dockerignore`,
      "https://docs.docker.com/build/concepts/context/#dockerignore-files"
    ]
  },
  {
    // Medium, not low: compilers and dev dependencies in a runtime image are tools an attacker can use, and
    // each one adds packages (and CVEs) to gate on.
    id: "CG-D008",
    scope: "dockerfile",
    title: "Shipped image installs build tools",
    severity: "medium",
    practice: "multi-stage builds",
    description: "The stage that ships installs compilers, build systems or development dependencies: they stay in the image, adding attack surface and vulnerabilities the application never needs at run time.",
    remediation: "Build in a first stage and copy only the artifacts into a minimal final stage.",
    example: "FROM golang:1.23@sha256:<digest> AS build\nRUN go build -o /out/app ./cmd/app\n\nFROM gcr.io/distroless/static-debian12@sha256:<digest>\nCOPY --from=build /out/app /app\nUSER 65532:65532",
    links: [
      "https://docs.docker.com/build/building/multi-stage/",
      `${BEST_PRACTICES}#use-multi-stage-builds`
    ]
  },
  {
    id: "CG-D009",
    scope: "dockerfile",
    title: "apt-get install without '--no-install-recommends'",
    severity: "low",
    practice: "minimal images",
    description: "Recommended packages are installed too: more software, more vulnerabilities, none of it asked for.",
    remediation: "Add '--no-install-recommends' to every apt-get install.",
    example: "RUN apt-get update \\\n && apt-get install -y --no-install-recommends ca-certificates \\\n && rm -rf /var/lib/apt/lists/*",
    links: [`${BEST_PRACTICES}#apt-get`]
  },
  {
    id: "CG-D010",
    scope: "dockerfile",
    title: "apt package lists left in the image",
    severity: "low",
    practice: "minimal images",
    description: "The package index downloaded by apt-get update stays in the layer unless removed in the same RUN: size without value, and a stale index for anyone installing later.",
    remediation: "End the RUN that installs with 'rm -rf /var/lib/apt/lists/*' (or use a cache mount).",
    example: "RUN apt-get update \\\n && apt-get install -y --no-install-recommends ca-certificates \\\n && rm -rf /var/lib/apt/lists/*",
    links: [`${BEST_PRACTICES}#apt-get`]
  },
  {
    id: "CG-D011",
    scope: "dockerfile",
    title: "Remote script piped into a shell",
    severity: "high",
    practice: "verified build inputs",
    description: "curl \u2026 | sh runs whatever the server sends, unverified, as root during the build: a compromised host or a truncated download becomes part of the image.",
    remediation: "Download to a file, verify its checksum or signature, then run it.",
    example: 'RUN curl -fsSLo /tmp/install.sh https://example.com/install-1.2.3.sh \\\n && echo "<sha256>  /tmp/install.sh" | sha256sum -c - \\\n && sh /tmp/install.sh',
    links: [`${BEST_PRACTICES}#add-or-copy`, "https://docs.docker.com/reference/dockerfile/#add---checksum"]
  },
  {
    id: "CG-D012",
    scope: "dockerfile",
    title: "apk add without '--no-cache'",
    severity: "low",
    practice: "minimal images",
    description: "The apk index cache stays in the layer: size without value.",
    remediation: "Use 'apk add --no-cache'.",
    example: "RUN apk add --no-cache ca-certificates",
    links: ["https://github.com/gliderlabs/docker-alpine/blob/master/docs/usage.md#disabling-cache"]
  },
  {
    id: "CG-D013",
    scope: "dockerfile",
    title: "No HEALTHCHECK in the shipped image",
    severity: "low",
    practice: "health checks",
    description: "Without a HEALTHCHECK, Docker and Compose cannot tell a hung process from a healthy one. (Kubernetes ignores it and uses probes; HEALTHCHECK NONE records that decision and passes.)",
    remediation: "Add a HEALTHCHECK that exercises the service, or HEALTHCHECK NONE when probes are used instead.",
    example: 'HEALTHCHECK --interval=30s --timeout=3s CMD ["/app", "healthcheck"]',
    links: ["https://docs.docker.com/reference/dockerfile/#healthcheck"]
  }
];

// src/checks/catalogue/image.ts
var OCI_CONFIG = "https://github.com/opencontainers/image-spec/blob/main/config.md";
var IMAGE_RULES = [
  {
    id: "CG-I001",
    scope: "image",
    title: "Image runs as root",
    severity: "high",
    practice: "non-root user",
    description: "The image config's User is empty, root or 0: unless the orchestrator overrides it, the container runs as root.",
    remediation: "Set a numeric non-root USER in the final stage of the Dockerfile and rebuild.",
    example: 'USER 65532:65532\n# image config: "User": "65532:65532"',
    links: [OCI_CONFIG, "https://docs.docker.com/build/building/best-practices/#user"]
  },
  {
    id: "CG-I002",
    scope: "image",
    title: "Secret in the image environment",
    severity: "critical",
    practice: "no secrets in images or env",
    description: "An Env entry of the image config holds a secret-shaped value or a value under a secret name: anyone who can pull the image can read it with `docker inspect`.",
    remediation: "Remove the ENV from the Dockerfile, rotate the secret, and inject it at run time from a secret store.",
    example: "# Kubernetes\nenv:\n  - name: API_TOKEN\n    valueFrom:\n      secretKeyRef: { name: api, key: token }",
    links: ["https://docs.docker.com/build/building/secrets/", OCI_CONFIG]
  },
  {
    id: "CG-I003",
    scope: "image",
    title: "No HEALTHCHECK in the image config",
    severity: "low",
    practice: "health checks",
    description: "Docker and Compose cannot tell a hung process from a healthy one. (Kubernetes uses probes instead; a HEALTHCHECK NONE records that decision and passes.)",
    remediation: "Add a HEALTHCHECK to the Dockerfile, or HEALTHCHECK NONE when probes are used instead.",
    example: 'HEALTHCHECK --interval=30s --timeout=3s CMD ["/app", "healthcheck"]',
    links: ["https://docs.docker.com/reference/dockerfile/#healthcheck"]
  },
  {
    // Low: exposing a port binds nothing, but a port below 1024 usually means the process expects root or
    // NET_BIND_SERVICE, which the non-root and capability rules then have to grant.
    id: "CG-I004",
    scope: "image",
    title: "Privileged port exposed",
    severity: "low",
    practice: "non-root user",
    description: "The image exposes a port below 1024: binding it needs root or CAP_NET_BIND_SERVICE, which a hardened runtime drops.",
    remediation: "Listen on an unprivileged port (8080, 8443\u2026) and map it to 80/443 in the Service or load balancer.",
    example: "EXPOSE 8080\n# Service: port 80 \u2192 targetPort 8080",
    links: [OCI_CONFIG, "https://docs.docker.com/reference/dockerfile/#expose"]
  },
  {
    id: "CG-I005",
    scope: "image",
    title: "setuid or setgid file in the image",
    severity: "medium",
    practice: "non-root user",
    description: "A setuid/setgid executable runs with its owner\u2019s or group\u2019s privileges: a way back to root for a process that was started unprivileged.",
    remediation: "Remove the bits in the Dockerfile (or remove the binary), and set allowPrivilegeEscalation: false so the kernel ignores them at run time.",
    example: "RUN find / -xdev -perm /6000 -type f -exec chmod a-s {} +",
    links: [
      "https://kubernetes.io/docs/tasks/configure-pod-container/security-context/",
      "https://man7.org/linux/man-pages/man2/execve.2.html"
    ]
  }
];

// src/checks/catalogue/kubernetes.ts
var PSS = "https://kubernetes.io/docs/concepts/security/pod-security-standards/";
var SECURITY_CONTEXT = "https://kubernetes.io/docs/tasks/configure-pod-container/security-context/";
var KUBERNETES_RULES = [
  {
    id: "CG-K001",
    scope: "kubernetes",
    title: "Container may run as root",
    severity: "high",
    practice: "runAsNonRoot",
    description: "Neither the container nor the pod sets runAsNonRoot: true, or runAsUser is 0: the kubelet will start the container as root if the image says so.",
    remediation: "Set runAsNonRoot: true and a non-zero runAsUser in the pod securityContext (inherited by every container).",
    example: "spec:\n  securityContext:\n    runAsNonRoot: true\n    runAsUser: 10001",
    links: [`${PSS}#restricted`, SECURITY_CONTEXT]
  },
  {
    id: "CG-K002",
    scope: "kubernetes",
    title: "Root filesystem is writable",
    severity: "medium",
    practice: "readOnlyRootFilesystem",
    description: "An attacker who gets code execution can modify binaries and drop tools in the container filesystem.",
    remediation: "Set readOnlyRootFilesystem: true and mount an emptyDir where the application must write.",
    example: "securityContext:\n  readOnlyRootFilesystem: true\nvolumeMounts:\n  - { name: tmp, mountPath: /tmp }",
    links: [SECURITY_CONTEXT]
  },
  {
    id: "CG-K003",
    scope: "kubernetes",
    title: "Privilege escalation allowed",
    severity: "medium",
    practice: "allowPrivilegeEscalation false",
    description: "Without allowPrivilegeEscalation: false (no_new_privs), setuid binaries and file capabilities can raise a process's privileges inside the container.",
    remediation: "Set allowPrivilegeEscalation: false on every container.",
    example: "securityContext:\n  allowPrivilegeEscalation: false",
    links: [`${PSS}#restricted`, SECURITY_CONTEXT]
  },
  {
    id: "CG-K004",
    scope: "kubernetes",
    title: "Capabilities not dropped",
    severity: "medium",
    practice: "drop ALL capabilities",
    description: "The container keeps the runtime\u2019s default capabilities (CHOWN, DAC_OVERRIDE, NET_RAW, SETUID\u2026), more than almost any application needs.",
    remediation: "Drop ALL capabilities; add back only NET_BIND_SERVICE if the process binds a port below 1024.",
    example: "securityContext:\n  capabilities:\n    drop: [ALL]",
    links: [`${PSS}#restricted`, SECURITY_CONTEXT]
  },
  {
    // High: an added capability such as SYS_ADMIN or NET_ADMIN is a large part of what `privileged` grants.
    id: "CG-K005",
    scope: "kubernetes",
    title: "Capabilities added beyond NET_BIND_SERVICE",
    severity: "high",
    practice: "drop ALL capabilities",
    description: "The Pod Security Standards (restricted) allow adding back only NET_BIND_SERVICE; SYS_ADMIN, NET_ADMIN, SYS_PTRACE and others give the container powers over the node.",
    remediation: "Remove the capabilities from capabilities.add, or isolate the workload that truly needs them.",
    example: "securityContext:\n  capabilities:\n    drop: [ALL]\n    add: [NET_BIND_SERVICE]",
    links: [`${PSS}#restricted`, `${PSS}#baseline`]
  },
  {
    id: "CG-K006",
    scope: "kubernetes",
    title: "Seccomp profile not RuntimeDefault or Localhost",
    severity: "medium",
    practice: "seccomp RuntimeDefault",
    description: "Without a seccomp profile the container can make every system call, including the rarely used ones most kernel exploits rely on.",
    remediation: "Set seccompProfile.type: RuntimeDefault in the pod securityContext.",
    example: "spec:\n  securityContext:\n    seccompProfile:\n      type: RuntimeDefault",
    links: [`${PSS}#restricted`, "https://kubernetes.io/docs/tutorials/security/seccomp/"]
  },
  {
    id: "CG-K007",
    scope: "kubernetes",
    title: "No CPU or memory limit",
    severity: "medium",
    practice: "resource limits",
    description: "A container without limits can take a node\u2019s memory or CPU: one leak or one abused endpoint degrades every workload scheduled beside it.",
    remediation: "Set resources.limits.cpu and resources.limits.memory (and requests) on every container.",
    example: "resources:\n  requests: { cpu: 100m, memory: 128Mi }\n  limits: { cpu: 500m, memory: 256Mi }",
    links: ["https://kubernetes.io/docs/concepts/configuration/manage-resources-containers/"]
  },
  {
    id: "CG-K008",
    scope: "kubernetes",
    title: "Privileged container",
    severity: "critical",
    practice: "no privileged pods",
    description: "privileged: true gives the container every capability and access to the host\u2019s devices: it is root on the node.",
    remediation: "Remove privileged: true; grant the single capability the workload needs, if any.",
    example: "securityContext:\n  privileged: false\n  allowPrivilegeEscalation: false",
    links: [`${PSS}#baseline`, SECURITY_CONTEXT]
  },
  {
    id: "CG-K009",
    scope: "kubernetes",
    title: "Container runtime socket mounted",
    severity: "critical",
    practice: "no docker.sock mounts",
    description: "A hostPath to docker.sock, containerd.sock or crio.sock (or a directory holding one) lets the pod start privileged containers on the node: full control of the host.",
    remediation: "Remove the volume. Build images with a daemonless builder (BuildKit rootless, buildah, kaniko) instead.",
    example: "volumes:\n  - name: work\n    emptyDir: {}",
    links: [`${PSS}#baseline`, "https://kubernetes.io/docs/concepts/storage/volumes/#hostpath"]
  },
  {
    id: "CG-K010",
    scope: "kubernetes",
    title: "hostPath volume",
    severity: "medium",
    practice: "no hostPath volumes",
    description: "A hostPath volume exposes the node\u2019s filesystem to the pod; the Pod Security Standards forbid it.",
    remediation: "Use emptyDir, a ConfigMap/Secret, or a PersistentVolumeClaim instead.",
    example: "volumes:\n  - name: cache\n    emptyDir: {}",
    links: [`${PSS}#baseline`, "https://kubernetes.io/docs/concepts/storage/volumes/#hostpath"]
  },
  {
    id: "CG-K011",
    scope: "kubernetes",
    title: "Host network namespace shared",
    severity: "high",
    practice: "no host namespaces",
    description: "hostNetwork: true puts the pod on the node\u2019s network: it can reach node-local services and sniff traffic.",
    remediation: "Remove hostNetwork: true; expose the workload through a Service.",
    example: "spec:\n  hostNetwork: false",
    links: [`${PSS}#baseline`]
  },
  {
    id: "CG-K012",
    scope: "kubernetes",
    title: "Host PID namespace shared",
    severity: "high",
    practice: "no host namespaces",
    description: "hostPID: true lets the pod see and signal every process on the node.",
    remediation: "Remove hostPID: true.",
    example: "spec:\n  hostPID: false",
    links: [`${PSS}#baseline`]
  },
  {
    id: "CG-K013",
    scope: "kubernetes",
    title: "Host IPC namespace shared",
    severity: "high",
    practice: "no host namespaces",
    description: "hostIPC: true lets the pod read and write the shared memory of processes on the node.",
    remediation: "Remove hostIPC: true.",
    example: "spec:\n  hostIPC: false",
    links: [`${PSS}#baseline`]
  },
  {
    // Medium: most pods never call the API, yet a mounted token is the usual first step from a compromised
    // pod to the cluster; the rule passes when the pod or its ServiceAccount (in the same manifests) opts out.
    id: "CG-K014",
    scope: "kubernetes",
    title: "Service account token mounted automatically",
    severity: "medium",
    practice: "automountServiceAccountToken false",
    description: "The pod gets an API token it probably never uses; whoever compromises the pod can use it against the Kubernetes API with the service account\u2019s permissions.",
    remediation: "Set automountServiceAccountToken: false on the pod (or its ServiceAccount); mount a projected token only in pods that call the API.",
    example: "spec:\n  automountServiceAccountToken: false",
    links: [
      "https://kubernetes.io/docs/tasks/configure-pod-container/configure-service-account/#opt-out-of-api-credential-automounting"
    ]
  },
  {
    id: "CG-K015",
    scope: "kubernetes",
    title: "Image not pinned by digest",
    severity: "medium",
    practice: "digest-pinned images",
    description: "A tag can be repointed: what runs can differ from what was scanned and approved, and nodes can run different images under one tag.",
    remediation: "Reference the image by digest (keep the tag for readability).",
    example: "image: ghcr.io/acme/api:1.4.2@sha256:<64 hex digits>",
    links: ["https://kubernetes.io/docs/concepts/containers/images/#image-names"]
  },
  {
    // High, as for Dockerfiles: ':latest' changes under a running Deployment and rollbacks are impossible.
    id: "CG-K016",
    scope: "kubernetes",
    title: "Image uses ':latest' or no tag",
    severity: "high",
    practice: "digest-pinned images",
    description: "':latest' (or no tag) is whatever the registry holds when a node pulls: replicas can disagree and a rollback restores nothing.",
    remediation: "Reference a specific version, pinned by digest.",
    example: "image: ghcr.io/acme/api:1.4.2@sha256:<64 hex digits>",
    links: [
      "https://kubernetes.io/docs/concepts/containers/images/#image-names",
      "https://kubernetes.io/docs/concepts/configuration/overview/#container-images"
    ]
  },
  {
    id: "CG-K017",
    scope: "kubernetes",
    title: "Secret as a literal env value",
    severity: "critical",
    practice: "no secrets in images or env",
    description: "The manifest holds the secret in plain text: it is in the repository, in the API server, and visible to anyone who can read the workload.",
    remediation: "Move the value into a Secret (or an external secret store), rotate it, and reference it with secretKeyRef.",
    example: "env:\n  - name: API_TOKEN\n    valueFrom:\n      secretKeyRef: { name: api, key: token }",
    links: [
      "https://kubernetes.io/docs/concepts/configuration/secret/#using-secrets-as-environment-variables"
    ]
  },
  {
    id: "CG-K018",
    scope: "kubernetes",
    title: "No default-deny ingress NetworkPolicy in the namespace",
    severity: "medium",
    practice: "default-deny NetworkPolicy",
    description: "Without a default-deny policy every pod accepts traffic from every other pod in the cluster: one compromised pod can reach them all.",
    remediation: "Add a NetworkPolicy with an empty podSelector and policyTypes [Ingress, Egress] to the namespace, then allow the flows each workload needs.",
    example: "apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata:\n  name: default-deny\n  namespace: shop\nspec:\n  podSelector: {}\n  policyTypes: [Ingress, Egress]",
    links: ["https://kubernetes.io/docs/concepts/services-networking/network-policies/#default-policies"]
  },
  {
    // Low: ingress isolation is what stops lateral movement; egress isolation mostly limits exfiltration.
    id: "CG-K019",
    scope: "kubernetes",
    title: "No default-deny egress NetworkPolicy in the namespace",
    severity: "low",
    practice: "default-deny NetworkPolicy",
    description: "Pods may open connections anywhere: a compromised pod can exfiltrate data or fetch tools. Reported once a default-deny ingress policy exists (without any policy, CG-K018 covers both directions).",
    remediation: "Include Egress in the default-deny policy's policyTypes and allow DNS and the needed destinations.",
    example: "apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata:\n  name: default-deny\n  namespace: shop\nspec:\n  podSelector: {}\n  policyTypes: [Ingress, Egress]",
    links: [
      "https://kubernetes.io/docs/concepts/services-networking/network-policies/#default-deny-all-egress-traffic"
    ]
  },
  {
    id: "CG-K020",
    scope: "kubernetes",
    title: "Namespace does not enforce the restricted Pod Security Standard",
    severity: "medium",
    practice: "Pod Security admission restricted",
    description: "Without the enforce label, the API server accepts any pod in the namespace: the rules above are only as good as every future review.",
    remediation: "Label the Namespace with pod-security.kubernetes.io/enforce: restricted.",
    example: "apiVersion: v1\nkind: Namespace\nmetadata:\n  name: shop\n  labels:\n    pod-security.kubernetes.io/enforce: restricted",
    links: ["https://kubernetes.io/docs/concepts/security/pod-security-admission/", PSS]
  }
];

// src/checks/rules.ts
var RULES2 = [...DOCKERFILE_RULES, ...IMAGE_RULES, ...KUBERNETES_RULES];
var BY_ID = new Map(RULES2.map((rule) => [rule.id, rule]));
function ruleById(id3) {
  const rule = BY_ID.get(id3);
  if (!rule) throw new Error(`unknown rule id ${id3}`);
  return rule;
}
function remediationText(rule) {
  return `${rule.remediation}
Example:
${rule.example}`;
}

// src/checks/finding.ts
var CHECKS_SCANNER = "container-gate";
function hardeningFinding(ruleId, site, detail) {
  const rule = ruleById(ruleId);
  const location = { path: site.path };
  if (site.startLine !== void 0) {
    location.startLine = site.startLine;
    location.endLine = site.endLine ?? site.startLine;
  }
  return {
    kind: "hardening",
    id: rule.id,
    aliases: [],
    target: site.target,
    location,
    severity: rule.severity,
    severitySource: CHECKS_SCANNER,
    severities: [{ scanner: CHECKS_SCANNER, severity: rule.severity }],
    cvss: [],
    fix: { state: "unknown", versions: [] },
    title: rule.title,
    description: detail,
    links: [...rule.links],
    remediation: remediationText(rule),
    foundBy: [CHECKS_SCANNER]
  };
}
function combineFindings(findings) {
  const byKey = /* @__PURE__ */ new Map();
  for (const finding of findings) {
    const key = identityGroupKey(finding);
    const existing = byKey.get(key);
    if (!existing) {
      byKey.set(key, finding);
      continue;
    }
    const details = /* @__PURE__ */ new Set([...(existing.description ?? "").split("; "), finding.description ?? ""]);
    details.delete("");
    byKey.set(key, { ...existing, description: [...details].join("; ") });
  }
  return sortFindings([...byKey.values()]);
}

// src/checks/run.ts
import { resolve as resolve2, sep } from "node:path";

// src/checks/image-reference.ts
function parseImageReference2(reference) {
  const at3 = reference.indexOf("@");
  const digest = at3 === -1 ? void 0 : reference.slice(at3 + 1);
  const nameAndTag = at3 === -1 ? reference : reference.slice(0, at3);
  const colon = nameAndTag.lastIndexOf(":");
  const tag = colon > nameAndTag.lastIndexOf("/") ? nameAndTag.slice(colon + 1) : void 0;
  const name = tag === void 0 ? nameAndTag : nameAndTag.slice(0, colon);
  return { name, ...tag !== void 0 ? { tag } : {}, ...digest !== void 0 ? { digest } : {} };
}
function pinningOf(reference) {
  if (reference.digest !== void 0 && reference.digest !== "") return "digest";
  if (reference.tag === void 0 || reference.tag === "" || reference.tag === "latest") return "floating";
  return "tag";
}
function isUnresolved(reference) {
  return reference.includes("$") || reference.includes("{{");
}

// src/checks/root-user.ts
function isRootUser(user) {
  const name = user.split(":", 1)[0].trim();
  return name === "" || name === "root" || /^0+$/.test(name);
}

// src/checks/secrets.ts
var VALUE_SHAPES = [
  { label: "an AWS access key id", pattern: /\b(?:AKIA|ASIA|ABIA|ACCA)[0-9A-Z]{16}\b/ },
  { label: "a GitHub token", pattern: /\bgh[pousr]_[A-Za-z0-9]{36,}\b/ },
  { label: "a GitHub fine-grained token", pattern: /\bgithub_pat_[A-Za-z0-9_]{22,}\b/ },
  { label: "a GitLab token", pattern: /\bglpat-[A-Za-z0-9_-]{20,}\b/ },
  { label: "a Slack token", pattern: /\bxox[abposr]-[A-Za-z0-9-]{10,}\b/ },
  { label: "a Stripe secret key", pattern: /\b[sr]k_live_[A-Za-z0-9]{20,}\b/ },
  { label: "a Google API key", pattern: /\bAIza[0-9A-Za-z_-]{35}\b/ },
  { label: "an npm token", pattern: /\bnpm_[A-Za-z0-9]{36}\b/ },
  { label: "a private key", pattern: /-----BEGIN (?:[A-Z0-9]+ )*PRIVATE KEY(?: BLOCK)?-----/ },
  // A JWT's header and payload are base64url JSON, so both start with `eyJ` (`{"`).
  { label: "a JSON Web Token", pattern: /\beyJ[A-Za-z0-9_-]{5,}\.eyJ[A-Za-z0-9_-]{5,}\.[A-Za-z0-9_-]{10,}/ }
];
var SECRET_NAME_PATTERNS = [
  /_KEY$/,
  /(?:^|_)APIKEY$/,
  /(?:^|_)TOKEN$/,
  /SECRET/,
  /PASSWORD|PASSWD|PASSPHRASE/,
  /(?:^|_)PAT$/,
  /(?:^|_)(?:CREDENTIALS?|AUTH)$/
];
var ALWAYS_SECRET_NAMES = /* @__PURE__ */ new Set(["AWS_ACCESS_KEY_ID", "AZURE_CLIENT_ID"]);
var NOT_A_SECRET_NAME = [
  /_(?:FILE|PATH|DIR|URL|URI|ENDPOINT|HOST|PORT|NAME|TYPE|ID|REF|LENGTH|SIZE|TTL|EXPIRY|EXPIRES|HEADER|FIELD|ENABLED|MOUNT|LOCATION|VERSION|ALGORITHM|FORMAT)$/,
  /PUBLIC/,
  /(?:^|_)(?:CACHE|SORT|PARTITION|PRIMARY|FOREIGN|IDEMPOTENCY|ROUTING)_KEY$/
];
var REFERENCE_ONLY = /^\s*(?:\$\{[^}]*\}|\$\([^)]*\)|\$[A-Za-z_][A-Za-z0-9_]*)\s*$/;
function normaliseSecretName(name) {
  return name.toUpperCase().replace(/[^A-Z0-9]+/g, "_");
}
function isSecretName(name) {
  const normalised = normaliseSecretName(name);
  if (ALWAYS_SECRET_NAMES.has(normalised)) return true;
  if (NOT_A_SECRET_NAME.some((pattern) => pattern.test(normalised))) return false;
  return SECRET_NAME_PATTERNS.some((pattern) => pattern.test(normalised));
}
function secretValueShape(value) {
  return VALUE_SHAPES.find((shape) => shape.pattern.test(value))?.label;
}
function isReferenceOnly(value) {
  return REFERENCE_ONLY.test(value);
}
function judgeSecret(name, value) {
  if (value !== void 0) {
    const shape = secretValueShape(value);
    if (shape) return { kind: "literal", reason: `holds a value shaped like ${shape}` };
  }
  if (!isSecretName(name)) return void 0;
  if (value === void 0 || isReferenceOnly(value)) {
    return { kind: "named", reason: "is named like a secret" };
  }
  if (value.trim() === "" || looksLikePath(value)) return void 0;
  return { kind: "literal", reason: "is named like a secret and holds a literal value" };
}
function looksLikePath(value) {
  return /^(?:\/|\.\/|~\/)[^\s]*$/.test(value.trim());
}
function maskedAssignment(name) {
  return `${name}=***`;
}

// src/checks/dockerfile/parse.ts
var import_dockerfile_ast = __toESM(require_main(), 1);
var KEYWORDS = new Set(Object.values(import_dockerfile_ast.Keyword));
function parseDockerfile(input) {
  const dockerfile = import_dockerfile_ast.DockerfileParser.parse(input.text);
  const errors = [];
  const error = (line, what) => errors.push({
    path: input.path,
    ...line === void 0 ? {} : { line },
    message: what
  });
  const stages = [];
  for (const instruction of dockerfile.getInstructions()) {
    const keyword = instruction.getKeyword();
    const line = instruction.getRange().start.line + 1;
    if (!KEYWORDS.has(keyword)) {
      error(
        line,
        `unknown instruction '${instruction.getInstruction()}'; fix the typo or continue the previous line with '${dockerfile.getEscapeCharacter()}'`
      );
      continue;
    }
    if (keyword === "FROM") {
      const from = instruction;
      const base = from.getExpandedArguments()[0]?.getValue();
      if (base === void 0 || base === "") {
        error(line, "FROM without an image; name the base image (or scratch)");
        continue;
      }
      const name = from.getBuildStage()?.toLowerCase();
      const parent = stages.find((stage) => stage.name !== void 0 && stage.name === base.toLowerCase());
      stages.push({
        index: stages.length,
        from,
        base,
        instructions: [],
        ...name ? { name } : {},
        ...parent ? { parent } : {}
      });
      continue;
    }
    const current = stages.at(-1);
    if (!current) {
      if (keyword !== "ARG") error(line, `${keyword} before the first FROM; only ARG may come before FROM`);
      continue;
    }
    current.instructions.push(instruction);
  }
  if (stages.length === 0 && errors.length === 0) {
    error(void 0, "no FROM instruction; is this a Dockerfile? Every Dockerfile starts FROM a base image");
  }
  if (errors.length > 0) return { errors };
  const shipped = [];
  for (let stage = stages.at(-1); stage; stage = stage.parent) shipped.push(stage);
  return {
    parsed: { input, dockerfile, sourceLines: input.text.split(/\r?\n/), stages, shipped },
    errors
  };
}
function linesOf(instruction) {
  const range = instruction.getRange();
  return { startLine: range.start.line + 1, endLine: range.end.line + 1 };
}

// src/checks/dockerfile/shell.ts
function runScript(sourceLines, startLine, endLine, escapeChar) {
  const raw = sourceLines.slice(startLine, endLine + 1).join("\n");
  const escaped = escapeChar.replace(/[\\^$.*+?()[\]{}|]/g, "\\$&");
  const continuation = new RegExp(`${escaped}[ \\t]*\\r?\\n`, "g");
  let text5 = raw.replace(continuation, (match) => " ".repeat(match.length));
  text5 = text5.replace(/^\s*\S+(?:\s+--\S+)*/, (match) => " ".repeat(match.length));
  text5 = text5.replace(
    /(^|[ \t])#[^\n]*/gm,
    (match, lead) => lead + " ".repeat(match.length - lead.length)
  );
  return { raw, text: text5, firstLine: startLine + 1 };
}
function lineAt(script, offset) {
  let line = script.firstLine;
  for (let i = 0; i < offset && i < script.raw.length; i++) if (script.raw[i] === "\n") line++;
  return line;
}
var SEPARATOR = /&&|\|\||;|\||\n|\(|\)/g;
var SKIPPED_PREFIXES = /* @__PURE__ */ new Set(["sudo", "env", "exec", "time", "nice", "command"]);
function splitCommands(script) {
  const commands = [];
  let start = 0;
  const push = (end) => {
    const chunk = script.text.slice(start, end);
    const lead = chunk.length - chunk.trimStart().length;
    const words = chunk.trim().split(/\s+/).map((w) => w.replace(/^[["']+|[\]"',]+$/g, "")).filter((w) => w !== "");
    const assignments = [];
    while (words.length > 0) {
      const first = words[0];
      if (/^[A-Za-z_][A-Za-z0-9_]*=/.test(first)) {
        assignments.push(first);
        words.shift();
      } else if (SKIPPED_PREFIXES.has(first)) {
        words.shift();
        while (words[0]?.startsWith("-")) words.shift();
      } else break;
    }
    if (words.length > 0) commands.push({ words, assignments, offset: start + lead });
  };
  for (const match of script.text.matchAll(SEPARATOR)) {
    push(match.index);
    start = match.index + match[0].length;
  }
  push(script.text.length);
  return commands;
}
function remoteScriptPipes(script) {
  const shell = String.raw`(?:sudo\s+(?:-\S+\s+)*)?(?:\/(?:usr\/)?bin\/)?(?:ba|da|z|k|a)?sh\b`;
  const patterns = [
    new RegExp(String.raw`\b(?:curl|wget)\b[^|;&\n]*\|\s*${shell}`, "g"),
    new RegExp(String.raw`${shell}\s+(?:-\S+\s+)*["']?\$\(\s*(?:curl|wget)\b`, "g"),
    new RegExp(String.raw`${shell}\s+(?:-\S+\s+)*<\(\s*(?:curl|wget)\b`, "g")
  ];
  const offsets = /* @__PURE__ */ new Set();
  for (const pattern of patterns) for (const match of script.text.matchAll(pattern)) offsets.add(match.index);
  return [...offsets].sort((a, b) => a - b);
}
function installedPackages(command) {
  const [tool, ...rest] = command.words;
  if (tool === void 0) return void 0;
  const subcommands = {
    "apt-get": ["install"],
    apt: ["install"],
    apk: ["add"],
    yum: ["install"],
    dnf: ["install"],
    microdnf: ["install"],
    zypper: ["install", "in"]
  };
  const wanted = subcommands[tool];
  if (!wanted) return void 0;
  const at3 = rest.findIndex((word) => wanted.includes(word));
  if (at3 === -1) return void 0;
  const packages = rest.slice(at3 + 1).filter((word) => !word.startsWith("-") && !word.includes("$")).map((word) => word.replace(/[=<>~].*$/, ""));
  return { manager: tool, packages };
}
function hasFlag(command, ...flags) {
  return command.words.some((word) => flags.some((flag2) => word === flag2 || word.startsWith(`${flag2}=`)));
}

// src/checks/dockerfile/run-rules.ts
var BUILD_PACKAGE = /^(?:gcc(?:-\d+)?|g\+\+(?:-\d+)?|gcc-c\+\+|clang(?:-\d+)?|llvm(?:-\d+)?|make|cmake|ninja-build|build-essential|build-base|autoconf|automake|libtool|pkg-?config|pkgconf|musl-dev|libc6?-dev|linux-headers|golang(?:-go|-[\d.]+)?|go|rustc|cargo|rust|maven|gradle|default-jdk|openjdk-?\d+-jdk(?:-headless)?|openjdk\d+-jdk|java-[\d.]+-openjdk-devel|[a-z0-9.+]+(?:-[a-z0-9.+]+)*-(?:dev|devel))$/;
var BUILD_COMMANDS = [
  { test: (w) => w[0] === "go" && (w[1] === "build" || w[1] === "install"), label: "go build" },
  { test: (w) => w[0] === "cargo" && (w[1] === "build" || w[1] === "install"), label: "cargo build" },
  { test: (w) => w[0] === "mvn" || w[0] === "./mvnw", label: "mvn" },
  { test: (w) => /^(?:\.\/)?gradlew?$/.test(w[0] ?? ""), label: "gradle" },
  { test: (w) => w[0] === "dotnet" && (w[1] === "build" || w[1] === "publish"), label: "dotnet build" },
  { test: (w) => w[0] === "make", label: "make" },
  { test: (w) => ["gcc", "g++", "cc", "c++", "clang"].includes(w[0] ?? ""), label: "a C compiler" },
  {
    test: (w) => ["npm", "yarn", "pnpm"].includes(w[0] ?? "") && w.includes("run") && w.includes("build"),
    label: "npm run build"
  }
];
function checkRunInstruction(parsed, stage, run) {
  const range = run.getRange();
  const script = runScript(
    parsed.sourceLines,
    range.start.line,
    range.end.line,
    parsed.dockerfile.getEscapeCharacter()
  );
  const commands = splitCommands(script);
  const site = (offset) => {
    const line = lineAt(script, offset);
    return { target: parsed.input.path, path: parsed.input.path, startLine: line, endLine: line };
  };
  const findings = remoteScriptPipes(script).map(
    (offset) => hardeningFinding("CG-D011", site(offset), "RUN pipes a downloaded script into a shell")
  );
  if (!parsed.shipped.includes(stage)) return findings;
  const cacheMounts = mountTargets(run);
  const aptInstalls = commands.filter((c) => isAptInstall(c));
  for (const command of aptInstalls) {
    if (!installsRecommends(command, parsed)) continue;
    findings.push(
      hardeningFinding(
        "CG-D009",
        site(command.offset),
        `${command.words[0]} install without --no-install-recommends`
      )
    );
  }
  const firstApt = aptInstalls[0];
  if (firstApt && !removesAptLists(script, cacheMounts)) {
    findings.push(
      hardeningFinding(
        "CG-D010",
        site(firstApt.offset),
        "the RUN installs with apt but does not remove /var/lib/apt/lists/*"
      )
    );
  }
  for (const command of commands) {
    if (command.words[0] !== "apk" || !command.words.includes("add") || hasFlag(command, "--no-cache"))
      continue;
    if (/\/var\/cache\/apk/.test(script.text) || cacheMounts.some((t) => /^\/(?:var\/cache|etc)\/apk/.test(t)))
      continue;
    findings.push(hardeningFinding("CG-D012", site(command.offset), "apk add without --no-cache"));
  }
  const build = buildToolHits(commands, parsed, run);
  if (build.length > 0) {
    findings.push(
      hardeningFinding(
        "CG-D008",
        site(build[0].offset),
        `the shipped stage ${build.map((hit) => hit.label).join(", ")}`
      )
    );
  }
  return findings;
}
function isAptInstall(command) {
  const tool = command.words[0];
  return (tool === "apt-get" || tool === "apt") && installedPackages(command) !== void 0;
}
function installsRecommends(command, parsed) {
  if (hasFlag(command, "--no-install-recommends")) return false;
  if (command.words.some((word) => /Install-Recommends=(?:false|0)/i.test(word))) return false;
  return !/Install-Recommends\s+["']?(?:false|0)/i.test(parsed.input.text);
}
function removesAptLists(script, cacheMounts) {
  if (cacheMounts.some((target) => target.startsWith("/var/lib/apt"))) return true;
  return /\brm\s+(?:-\S+\s+)*[^\n;&|]*\/var\/lib\/apt\/lists/.test(script.text);
}
function mountTargets(run) {
  const flags = run.getFlags?.() ?? [];
  return flags.filter((f) => f.getName() === "mount").map((f) => f.getValue() ?? "").filter((value) => /(?:^|,)type=cache(?:,|$)/.test(value)).map((value) => /(?:^|,)(?:target|dst|destination)=([^,]+)/.exec(value)?.[1] ?? "");
}
function buildToolHits(commands, parsed, run) {
  const hits = [];
  const productionByEnv = nodeEnvIsProduction(parsed, run);
  for (const command of commands) {
    const install = installedPackages(command);
    const tools = install?.packages.filter((name) => BUILD_PACKAGE.test(name)) ?? [];
    if (tools.length > 0)
      hits.push({ offset: command.offset, label: `installs build tools (${tools.join(", ")})` });
    if (installsDevDependencies(command, productionByEnv)) {
      hits.push({
        offset: command.offset,
        label: `installs development dependencies (${command.words.slice(0, 2).join(" ")})`
      });
    }
    const builder = BUILD_COMMANDS.find((candidate) => candidate.test(command.words));
    if (builder) hits.push({ offset: command.offset, label: `builds with ${builder.label}` });
  }
  return hits;
}
function installsDevDependencies(command, productionByEnv) {
  const [tool, sub] = command.words;
  if (productionByEnv || command.assignments.some((a) => /^NODE_ENV=["']?production/.test(a))) return false;
  if (hasFlag(command, "-g", "--global")) return false;
  if (tool === "npm" && ["install", "i", "ci"].includes(sub ?? "")) {
    return !hasFlag(command, "--omit", "--production", "--only");
  }
  if (tool === "yarn" && (sub === void 0 || sub === "install")) return !hasFlag(command, "--production");
  if (tool === "pnpm" && (sub === "install" || sub === "i")) return !hasFlag(command, "--prod", "-P");
  return false;
}
function nodeEnvIsProduction(parsed, run) {
  const runLine = run.getRange().start.line;
  return parsed.shipped.some(
    (stage) => stage.instructions.some(
      (instruction) => instruction.getKeyword() === "ENV" && instruction.getRange().start.line < runLine && instruction.getProperties().some((p) => p.getName() === "NODE_ENV" && p.getValue()?.replace(/["']/g, "") === "production")
    )
  );
}

// src/checks/dockerfile/check.ts
function checkDockerfile(input) {
  const { parsed, errors } = parseDockerfile(input);
  if (!parsed) return { findings: [], errors };
  const findings = [
    ...checkFinalUser(parsed),
    ...checkBaseImages(parsed),
    ...checkSecrets(parsed),
    ...checkCopyAndAdd(parsed),
    ...checkHealthcheck(parsed),
    ...parsed.stages.flatMap(
      (stage) => stage.instructions.filter((instruction) => instruction.getKeyword() === "RUN").flatMap((run) => checkRunInstruction(parsed, stage, run))
    )
  ];
  return { findings, errors };
}
function at(parsed, instruction) {
  return { target: parsed.input.path, path: parsed.input.path, ...linesOf(instruction) };
}
function checkFinalUser(parsed) {
  for (const stage of parsed.shipped) {
    const users = stage.instructions.filter((instruction) => instruction.getKeyword() === "USER");
    const last = users.at(-1);
    if (!last) continue;
    const user = last.getExpandedArguments()[0]?.getValue() ?? "";
    if (isUnresolved(user) || !isRootUser(user)) return [];
    return [hardeningFinding("CG-D001", at(parsed, last), `the final stage sets USER ${user}`)];
  }
  const final = parsed.stages.at(-1);
  return [
    hardeningFinding(
      "CG-D001",
      at(parsed, final.from),
      "the final stage has no USER instruction, so it runs as root"
    )
  ];
}
function checkBaseImages(parsed) {
  const findings = [];
  for (const stage of parsed.stages) {
    if (stage.parent || stage.base.toLowerCase() === "scratch" || isUnresolved(stage.base)) continue;
    const reference = parseImageReference2(stage.base);
    const pinning = pinningOf(reference);
    if (pinning === "floating") {
      const what = reference.tag === void 0 ? "has no tag (so :latest)" : "uses ':latest'";
      findings.push(hardeningFinding("CG-D003", at(parsed, stage.from), `FROM ${stage.base} ${what}`));
    } else if (pinning === "tag") {
      findings.push(
        hardeningFinding(
          "CG-D002",
          at(parsed, stage.from),
          `FROM ${stage.base} is pinned by tag, not by digest`
        )
      );
    }
  }
  return findings;
}
function namedValues(instructions) {
  const values = [];
  for (const instruction of instructions) {
    const keyword = instruction.getKeyword();
    let properties = [];
    if (keyword === "ARG") {
      const property = instruction.getProperty();
      properties = property ? [property] : [];
    } else if (keyword === "ENV" || keyword === "LABEL") {
      properties = instruction.getProperties();
    } else continue;
    for (const property of properties) {
      const value = property.getValue();
      values.push({ instruction, keyword, name: property.getName(), value: value ?? void 0 });
    }
  }
  return values;
}
function checkSecrets(parsed) {
  const findings = [];
  const globalArgs = parsed.dockerfile.getInitialARGs();
  const shipped = new Set(parsed.shipped);
  const groups = [
    { instructions: globalArgs, shipped: false },
    ...parsed.stages.map((stage) => ({ instructions: stage.instructions, shipped: shipped.has(stage) }))
  ];
  for (const group of groups) {
    for (const entry of namedValues(group.instructions)) {
      const verdict = judgeSecret(entry.name, entry.value);
      if (!verdict) continue;
      const detail = `${entry.keyword} ${maskedAssignment(entry.name)} ${verdict.reason}`;
      if (verdict.kind === "literal") {
        findings.push(hardeningFinding("CG-D004", at(parsed, entry.instruction), detail));
      } else if (group.shipped && entry.keyword !== "LABEL") {
        findings.push(
          hardeningFinding(
            "CG-D005",
            at(parsed, entry.instruction),
            `${entry.keyword} ${entry.name} ${verdict.reason} and reaches the shipped image`
          )
        );
      }
    }
  }
  return findings;
}
function flag(instruction, name) {
  const withFlags = instruction;
  return withFlags.getFlags?.().find((f) => f.getName() === name);
}
function argumentValues(instruction) {
  const json = instruction.getJSONStrings?.() ?? [];
  if (json.length > 0) return json.map((argument) => argument.getJSONValue());
  return instruction.getArguments().map((argument) => argument.getValue());
}
var WHOLE_CONTEXT = /* @__PURE__ */ new Set([".", "./", "*", "./*"]);
function checkCopyAndAdd(parsed) {
  const findings = [];
  for (const stage of parsed.stages) {
    for (const instruction of stage.instructions) {
      const keyword = instruction.getKeyword();
      if (keyword !== "COPY" && keyword !== "ADD") continue;
      const args = argumentValues(instruction);
      const sources = args.slice(0, -1);
      if (keyword === "ADD" && !flag(instruction, "checksum")) {
        const remote = sources.find((source) => /^(?:https?:\/\/|git@|git:\/\/)/i.test(source));
        if (remote) {
          findings.push(
            hardeningFinding(
              "CG-D006",
              at(parsed, instruction),
              `ADD ${remote} is fetched without --checksum`
            )
          );
        }
      }
      const copiesContext = !flag(instruction, "from") && sources.some((source) => WHOLE_CONTEXT.has(source));
      if (copiesContext && !parsed.input.dockerignore) {
        findings.push(
          hardeningFinding(
            "CG-D007",
            at(parsed, instruction),
            `${keyword} ${args.join(" ")} copies the whole build context and no .dockerignore sits beside the Dockerfile`
          )
        );
      }
    }
  }
  return findings;
}
function checkHealthcheck(parsed) {
  for (const stage of parsed.shipped) {
    if (stage.instructions.some((instruction) => instruction.getKeyword() === "HEALTHCHECK")) return [];
  }
  const final = parsed.stages.at(-1);
  return [
    hardeningFinding("CG-D013", at(parsed, final.from), "the shipped stage has no HEALTHCHECK instruction")
  ];
}

// src/checks/image-config.ts
var RuntimeConfig = external_exports.looseObject({
  User: external_exports.string().nullish(),
  Env: external_exports.array(external_exports.string()).nullish(),
  ExposedPorts: external_exports.record(external_exports.string(), external_exports.unknown()).nullish(),
  Healthcheck: external_exports.looseObject({ Test: external_exports.array(external_exports.string()).nullish() }).nullish()
});
var ImageConfig = external_exports.union([
  external_exports.looseObject({ config: RuntimeConfig.nullish(), rootfs: external_exports.unknown() }).refine((c) => "config" in c || "rootfs" in c),
  external_exports.looseObject({ Config: RuntimeConfig })
]);
function imageConfigPath(target) {
  return `${parseImageReference2(target).name}#config`;
}
function checkImageConfig(input) {
  const raw = Array.isArray(input.config) && input.config.length === 1 ? input.config[0] : input.config;
  const parsed = ImageConfig.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const where = issue && issue.path.length > 0 ? ` at ${issue.path.join(".")}` : "";
    return {
      findings: [],
      errors: [
        {
          path: input.target,
          message: `not an OCI image config${where} (${issue?.message ?? "unexpected shape"}); pass the image's config blob or docker inspect output`
        }
      ]
    };
  }
  const config = ("Config" in parsed.data ? parsed.data.Config : parsed.data.config) ?? {};
  const site = { target: input.target, path: imageConfigPath(input.target) };
  return {
    findings: [
      ...checkUser(config, site),
      ...checkEnv(config, site),
      ...checkHealthcheck2(config, site),
      ...checkPorts(config, site),
      ...checkSpecialBits(input)
    ],
    errors: []
  };
}
function checkUser(config, site) {
  const user = (config.User ?? "").trim();
  if (!isRootUser(user)) return [];
  const detail = user === "" ? "User is not set, so the image runs as root" : `User is ${user}`;
  return [hardeningFinding("CG-I001", site, detail)];
}
function checkEnv(config, site) {
  const details = [];
  for (const entry of config.Env ?? []) {
    const equals = entry.indexOf("=");
    const name = equals === -1 ? entry : entry.slice(0, equals);
    const value = equals === -1 ? "" : entry.slice(equals + 1);
    const verdict = judgeSecret(name, value);
    if (verdict) details.push(`Env ${maskedAssignment(name)} ${verdict.reason}`);
  }
  return details.length === 0 ? [] : [hardeningFinding("CG-I002", site, details.sort().join("; "))];
}
function checkHealthcheck2(config, site) {
  const test = config.Healthcheck?.Test ?? [];
  if (test.length > 0) return [];
  return [hardeningFinding("CG-I003", site, "the image config has no Healthcheck")];
}
function checkPorts(config, site) {
  const privileged = Object.keys(config.ExposedPorts ?? {}).filter((key) => {
    const port = Number.parseInt(key.split("/", 1)[0], 10);
    return Number.isInteger(port) && port > 0 && port < 1024;
  }).sort();
  if (privileged.length === 0) return [];
  return [hardeningFinding("CG-I004", site, `ExposedPorts includes ${privileged.join(", ")}`)];
}
var SETUID = 2048;
var SETGID = 1024;
var FILE_TYPE = 61440;
var DIRECTORY = 16384;
function checkSpecialBits(input) {
  const findings = [];
  for (const file of input.files ?? []) {
    if ((file.mode & FILE_TYPE) === DIRECTORY || file.path.endsWith("/")) continue;
    const bits = [file.mode & SETUID ? "setuid" : "", file.mode & SETGID ? "setgid" : ""].filter(Boolean);
    if (bits.length === 0) continue;
    const path3 = file.path.replace(/^\/+/, "");
    findings.push(
      hardeningFinding(
        "CG-I005",
        { target: input.target, path: path3 },
        `/${path3} is ${bits.join(" and ")} (mode ${(file.mode & 4095).toString(8).padStart(4, "0")})`
      )
    );
  }
  return findings;
}

// src/checks/kubernetes/documents.ts
var import_yaml2 = __toESM(require_dist(), 1);
function hasTemplateSyntax(text5) {
  return text5.split(/\r?\n/).some((line) => {
    const at3 = line.indexOf("{{");
    if (at3 === -1) return false;
    const comment = line.search(/(?:^|\s)#/);
    return comment === -1 || comment > at3;
  });
}
function parseManifest(input) {
  const lineCounter = new import_yaml2.LineCounter();
  const docs = (0, import_yaml2.parseAllDocuments)(input.text, { lineCounter, uniqueKeys: true, merge: true });
  const all = Array.isArray(docs) ? docs : [docs];
  const template = hasTemplateSyntax(input.text) && all.some((doc) => doc.errors.length > 0 || hasCollectionKey(doc.contents));
  if (template) {
    return {
      kind: "skipped",
      warning: `${input.path}: a template, not plain YAML (template syntax '{{' outside a string): not checked \u2014 render it first (helm template \u2026) and check the output`
    };
  }
  const errors = [];
  for (const doc of all) {
    for (const error of doc.errors) {
      const line = error.linePos?.[0].line ?? lineCounter.linePos(error.pos[0]).line;
      const what = error.message.split("\n", 1)[0].replace(/ at line \d+, column \d+:?$/, "");
      errors.push({
        path: input.path,
        line,
        message: `YAML syntax error: ${what}; fix the file so that the whole file can be checked`
      });
    }
  }
  if (errors.length > 0) return { kind: "error", errors };
  const documents = [];
  for (const [index, doc] of all.entries()) {
    const lineOf = (path3) => lineCounter.linePos(offsetOf(doc.contents, path3)).line;
    try {
      documents.push({ path: input.path, index, value: doc.toJS({ maxAliasCount: 1e3 }), lineOf });
    } catch (error) {
      const line = lineOf([]);
      const what = errorMessage(error);
      errors.push({
        path: input.path,
        line,
        message: `YAML document cannot be read: ${what}; simplify its anchors and aliases`
      });
    }
  }
  if (errors.length > 0) return { kind: "error", errors };
  return { kind: "documents", documents };
}
function hasCollectionKey(root) {
  const stack = [root];
  while (stack.length > 0) {
    const node = stack.pop();
    if ((0, import_yaml2.isMap)(node)) {
      for (const pair of node.items) {
        if ((0, import_yaml2.isCollection)(pair.key)) return true;
        stack.push(pair.value);
      }
    } else if ((0, import_yaml2.isSeq)(node)) {
      for (const item of node.items) stack.push(item);
    }
  }
  return false;
}
function offsetOf(root, path3) {
  let node = root;
  let offset = rangeStart(root) ?? 0;
  for (const segment of path3) {
    if ((0, import_yaml2.isMap)(node) && typeof segment === "string") {
      const pair = node.items.find(
        (item) => (0, import_yaml2.isPair)(item) && (0, import_yaml2.isScalar)(item.key) && item.key.value === segment
      );
      if (!pair) break;
      offset = rangeStart(pair.key) ?? offset;
      node = pair.value;
    } else if ((0, import_yaml2.isSeq)(node) && typeof segment === "number") {
      const item = node.items[segment];
      if (item === void 0) break;
      offset = rangeStart(item) ?? offset;
      node = item;
    } else break;
  }
  return offset;
}
function rangeStart(node) {
  return node && "range" in node && node.range ? node.range[0] : void 0;
}

// src/checks/kubernetes/namespace-rules.ts
var ENFORCE_LABEL = "pod-security.kubernetes.io/enforce";
function isDefaultDeny(policy, direction) {
  const { spec } = policy;
  const selector = spec.podSelector ?? {};
  const selectsAll = Object.keys(selector.matchLabels ?? {}).length === 0 && (selector.matchExpressions ?? []).length === 0;
  const rules = direction === "Ingress" ? spec.ingress : spec.egress;
  const types = spec.policyTypes ?? (spec.egress != null ? ["Ingress", "Egress"] : ["Ingress"]);
  return selectsAll && types.includes(direction) && (rules ?? []).length === 0;
}
function checkNamespaces(objects) {
  const findings = [];
  const seen = /* @__PURE__ */ new Set();
  for (const workload of objects.workloads) {
    if (seen.has(workload.namespace)) continue;
    seen.add(workload.namespace);
    const policies = objects.networkPolicies.filter((policy) => policy.namespace === workload.namespace);
    const line = workload.doc.lineOf([...workload.base, "kind"]);
    const site = { target: workload.doc.path, path: workload.doc.path, startLine: line, endLine: line };
    const where = `namespace '${workload.namespace}' (first workload: ${workload.kind} '${workload.name}')`;
    if (!policies.some((policy) => isDefaultDeny(policy, "Ingress"))) {
      findings.push(
        hardeningFinding(
          "CG-K018",
          site,
          `${where} has no default-deny ingress NetworkPolicy in these manifests`
        )
      );
    } else if (!policies.some((policy) => isDefaultDeny(policy, "Egress"))) {
      findings.push(hardeningFinding("CG-K019", site, `${where} denies ingress by default but not egress`));
    }
  }
  for (const namespace of objects.namespaces) {
    const value = namespace.labels[ENFORCE_LABEL];
    if (value === "restricted") continue;
    const path3 = [...namespace.base, "metadata", "labels", ENFORCE_LABEL];
    const line = namespace.doc.lineOf(value == null ? [...namespace.base, "metadata", "name"] : path3);
    const why = value == null ? `has no ${ENFORCE_LABEL} label` : `has ${ENFORCE_LABEL}: ${String(value)}`;
    findings.push(
      hardeningFinding(
        "CG-K020",
        { target: namespace.doc.path, path: namespace.doc.path, startLine: line, endLine: line },
        `Namespace '${namespace.name}' ${why}`
      )
    );
  }
  return findings;
}

// src/checks/kubernetes/schema.ts
var Quantity = external_exports.union([external_exports.string(), external_exports.number()]);
var SecurityContext = external_exports.looseObject({
  runAsNonRoot: external_exports.boolean().nullish(),
  runAsUser: external_exports.number().int().nullish(),
  readOnlyRootFilesystem: external_exports.boolean().nullish(),
  allowPrivilegeEscalation: external_exports.boolean().nullish(),
  privileged: external_exports.boolean().nullish(),
  capabilities: external_exports.looseObject({ add: external_exports.array(external_exports.string()).nullish(), drop: external_exports.array(external_exports.string()).nullish() }).nullish(),
  seccompProfile: external_exports.looseObject({ type: external_exports.string().nullish() }).nullish()
});
var EnvVar = external_exports.looseObject({
  name: external_exports.string(),
  value: external_exports.union([external_exports.string(), external_exports.number(), external_exports.boolean()]).nullish(),
  valueFrom: external_exports.unknown().optional()
});
var Container = external_exports.looseObject({
  name: external_exports.string().nullish(),
  image: external_exports.string().nullish(),
  env: external_exports.array(EnvVar).nullish(),
  securityContext: SecurityContext.nullish(),
  resources: external_exports.looseObject({
    limits: external_exports.record(external_exports.string(), Quantity.nullish()).nullish(),
    requests: external_exports.record(external_exports.string(), Quantity.nullish()).nullish()
  }).nullish()
});
var Volume = external_exports.looseObject({
  name: external_exports.string().nullish(),
  hostPath: external_exports.looseObject({ path: external_exports.string() }).nullish()
});
var PodSpec = external_exports.looseObject({
  containers: external_exports.array(Container).nullish(),
  initContainers: external_exports.array(Container).nullish(),
  ephemeralContainers: external_exports.array(Container).nullish(),
  securityContext: SecurityContext.nullish(),
  hostNetwork: external_exports.boolean().nullish(),
  hostPID: external_exports.boolean().nullish(),
  hostIPC: external_exports.boolean().nullish(),
  automountServiceAccountToken: external_exports.boolean().nullish(),
  serviceAccountName: external_exports.string().nullish(),
  serviceAccount: external_exports.string().nullish(),
  volumes: external_exports.array(Volume).nullish()
});
var Metadata = external_exports.looseObject({
  name: external_exports.string().nullish(),
  namespace: external_exports.string().nullish(),
  labels: external_exports.record(external_exports.string(), external_exports.union([external_exports.string(), external_exports.number(), external_exports.boolean()]).nullish()).nullish()
});
var KubernetesObject = external_exports.looseObject({
  apiVersion: external_exports.string().nullish(),
  kind: external_exports.string(),
  metadata: Metadata.nullish()
});
var LabelSelector = external_exports.looseObject({
  matchLabels: external_exports.record(external_exports.string(), external_exports.unknown()).nullish(),
  matchExpressions: external_exports.array(external_exports.unknown()).nullish()
});
var NetworkPolicySpec = external_exports.looseObject({
  podSelector: LabelSelector.nullish(),
  policyTypes: external_exports.array(external_exports.string()).nullish(),
  ingress: external_exports.array(external_exports.unknown()).nullish(),
  egress: external_exports.array(external_exports.unknown()).nullish()
});
var ServiceAccount = external_exports.looseObject({ automountServiceAccountToken: external_exports.boolean().nullish() });

// src/checks/kubernetes/objects.ts
var POD_SPEC_PATHS = /* @__PURE__ */ new Map([
  ["Pod", ["spec"]],
  ["Deployment", ["spec", "template", "spec"]],
  ["StatefulSet", ["spec", "template", "spec"]],
  ["DaemonSet", ["spec", "template", "spec"]],
  ["ReplicaSet", ["spec", "template", "spec"]],
  ["ReplicationController", ["spec", "template", "spec"]],
  ["Job", ["spec", "template", "spec"]],
  ["CronJob", ["spec", "jobTemplate", "spec", "template", "spec"]]
]);
var DEFAULT_NAMESPACE = "default";
function collectObjects(documents) {
  const objects = {
    workloads: [],
    networkPolicies: [],
    namespaces: [],
    serviceAccounts: [],
    errors: []
  };
  for (const doc of documents) {
    const pending = [{ value: doc.value, base: [] }];
    while (pending.length > 0) {
      const { value, base } = pending.pop();
      const items = visit(doc, value, base, objects);
      for (let i = items.length - 1; i >= 0; i--)
        pending.push({ value: items[i], base: [...base, "items", i] });
    }
  }
  return objects;
}
function visit(doc, value, base, out) {
  const parsed = KubernetesObject.safeParse(value);
  if (!parsed.success) return [];
  const object = parsed.data;
  if (object.kind === "List" && Array.isArray(object.items)) return object.items;
  const located = {
    doc,
    base,
    name: object.metadata?.name ?? "(unnamed)",
    namespace: object.metadata?.namespace ?? DEFAULT_NAMESPACE
  };
  const specPath = POD_SPEC_PATHS.get(object.kind);
  if (specPath) {
    const spec = validate(doc, [...base, ...specPath], at2(value, specPath) ?? {}, PodSpec, out);
    if (spec) out.workloads.push({ ...located, kind: object.kind, specPath: [...base, ...specPath], spec });
  } else if (object.kind === "NetworkPolicy") {
    const spec = validate(doc, [...base, "spec"], at2(value, ["spec"]) ?? {}, NetworkPolicySpec, out);
    if (spec) out.networkPolicies.push({ ...located, spec });
  } else if (object.kind === "Namespace") {
    out.namespaces.push({ ...located, namespace: located.name, labels: object.metadata?.labels ?? {} });
  } else if (object.kind === "ServiceAccount") {
    const account = validate(doc, base, value, ServiceAccount, out);
    if (account)
      out.serviceAccounts.push({ ...located, automount: account.automountServiceAccountToken ?? void 0 });
  }
  return [];
}
function validate(doc, path3, value, schema, out) {
  const result = schema.safeParse(value ?? {});
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  const issuePath = issue.path.filter((p) => typeof p !== "symbol");
  const line = doc.lineOf([...path3, ...issuePath]);
  const field2 = [...path3, ...issuePath].join(".");
  out.errors.push({
    path: doc.path,
    line,
    message: `${field2}: ${issue.message}; fix the field (Kubernetes would reject or misread it)`
  });
  return void 0;
}
function at2(value, path3) {
  let node = value;
  for (const segment of path3) {
    if (node === null || typeof node !== "object") return void 0;
    node = node[segment];
  }
  return node;
}

// src/checks/kubernetes/pod-rules.ts
var CONTAINER_GROUPS = [
  { field: "containers", label: "container" },
  { field: "initContainers", label: "init container" },
  { field: "ephemeralContainers", label: "ephemeral container" }
];
var RUNTIME_SOCKETS = [
  "/var/run/docker.sock",
  "/run/docker.sock",
  "/var/run/containerd/containerd.sock",
  "/run/containerd/containerd.sock",
  "/var/run/crio/crio.sock",
  "/run/crio/crio.sock",
  "/var/run/cri-dockerd.sock",
  "/run/k3s/containerd/containerd.sock"
];
function checkWorkload(workload, serviceAccounts) {
  const findings = [];
  const report = (ruleId, path3, detail) => {
    const line = workload.doc.lineOf(path3);
    findings.push(
      hardeningFinding(
        ruleId,
        { target: workload.doc.path, path: workload.doc.path, startLine: line, endLine: line },
        detail
      )
    );
  };
  const owner = `${workload.kind} '${workload.name}'`;
  for (const group of CONTAINER_GROUPS) {
    (workload.spec[group.field] ?? []).forEach((container, index) => {
      const path3 = [...workload.specPath, group.field, index];
      const label = `${group.label} '${container.name ?? index}' of ${owner}`;
      checkContainer(workload, container, path3, label, group.field === "ephemeralContainers", report);
    });
  }
  checkPodLevel(workload, owner, serviceAccounts, report);
  return findings;
}
function checkContainer(workload, container, path3, label, ephemeral, report) {
  const own = container.securityContext ?? {};
  const pod = workload.spec.securityContext ?? {};
  const ownField = (field2) => [...path3, "securityContext", field2];
  const podField = (field2) => [...workload.specPath, "securityContext", field2];
  const inherited = (field2) => own[field2] != null ? ownField(field2) : pod[field2] != null ? podField(field2) : ownField(field2);
  const uid = own.runAsUser ?? pod.runAsUser;
  const nonRoot = own.runAsNonRoot ?? pod.runAsNonRoot;
  if (uid === 0) report("CG-K001", inherited("runAsUser"), `${label} runs with runAsUser: 0`);
  else if (nonRoot !== true) {
    const why = nonRoot === false ? "sets runAsNonRoot: false" : "has runAsNonRoot set neither on itself nor on the pod";
    report("CG-K001", inherited("runAsNonRoot"), `${label} ${why}`);
  }
  if (own.readOnlyRootFilesystem !== true) {
    report(
      "CG-K002",
      ownField("readOnlyRootFilesystem"),
      `${label} does not set readOnlyRootFilesystem: true`
    );
  }
  if (own.privileged === true) report("CG-K008", ownField("privileged"), `${label} sets privileged: true`);
  if (own.allowPrivilegeEscalation !== false) {
    report(
      "CG-K003",
      ownField("allowPrivilegeEscalation"),
      `${label} does not set allowPrivilegeEscalation: false`
    );
  }
  const capabilities = [...path3, "securityContext", "capabilities"];
  if (!(own.capabilities?.drop ?? []).some((cap) => normaliseCapability(cap) === "ALL")) {
    report("CG-K004", [...capabilities, "drop"], `${label} does not drop ALL capabilities`);
  }
  const added = (own.capabilities?.add ?? []).filter(
    (cap) => normaliseCapability(cap) !== "NET_BIND_SERVICE"
  );
  if (added.length > 0) report("CG-K005", [...capabilities, "add"], `${label} adds ${added.join(", ")}`);
  const seccomp = (own.seccompProfile ?? pod.seccompProfile)?.type;
  if (seccomp !== "RuntimeDefault" && seccomp !== "Localhost") {
    const why = seccomp ? `uses seccomp profile ${seccomp}` : "has no seccomp profile on itself or the pod";
    const field2 = inherited("seccompProfile");
    report("CG-K006", seccomp ? [...field2, "type"] : field2, `${label} ${why}`);
  }
  if (!ephemeral) {
    const limits = container.resources?.limits ?? {};
    const missing = ["cpu", "memory"].filter((name) => limits[name] == null || limits[name] === "");
    if (missing.length > 0) {
      report("CG-K007", [...path3, "resources", "limits"], `${label} has no ${missing.join(" or ")} limit`);
    }
  }
  checkImage(container, path3, label, report);
  checkEnv2(container, path3, label, report);
}
function normaliseCapability(capability) {
  return capability.toUpperCase().replace(/^CAP_/, "");
}
function checkImage(container, path3, label, report) {
  const image = container.image;
  if (!image || isUnresolved(image)) return;
  const pinning = pinningOf(parseImageReference2(image));
  if (pinning === "floating")
    report("CG-K016", [...path3, "image"], `${label} uses image ${image} (latest or no tag)`);
  else if (pinning === "tag")
    report("CG-K015", [...path3, "image"], `${label} uses image ${image}, pinned by tag only`);
}
function checkEnv2(container, path3, label, report) {
  (container.env ?? []).forEach((variable, index) => {
    if (variable.value == null) return;
    const verdict = judgeSecret(variable.name, String(variable.value));
    if (verdict?.kind !== "literal") return;
    report(
      "CG-K017",
      [...path3, "env", index, "value"],
      `${label}: env ${maskedAssignment(variable.name)} ${verdict.reason}`
    );
  });
}
function checkPodLevel(workload, owner, serviceAccounts, report) {
  const spec = workload.spec;
  const field2 = (...path3) => [...workload.specPath, ...path3];
  (spec.volumes ?? []).forEach((volume, index) => {
    const hostPath = volume.hostPath?.path;
    if (hostPath === void 0) return;
    const at3 = field2("volumes", index, "hostPath", "path");
    const normalised = hostPath.replace(/\/+$/, "") || "/";
    const socket = RUNTIME_SOCKETS.find(
      (candidate) => candidate === normalised || candidate.startsWith(normalised === "/" ? "/" : `${normalised}/`)
    );
    if (socket) {
      const what = socket === normalised ? socket : `${hostPath}, which holds ${socket}`;
      report("CG-K009", at3, `${owner} mounts the container runtime socket from the host: ${what}`);
    } else {
      report("CG-K010", at3, `${owner} mounts hostPath ${hostPath} (volume '${volume.name ?? index}')`);
    }
  });
  if (spec.hostNetwork === true) report("CG-K011", field2("hostNetwork"), `${owner} sets hostNetwork: true`);
  if (spec.hostPID === true) report("CG-K012", field2("hostPID"), `${owner} sets hostPID: true`);
  if (spec.hostIPC === true) report("CG-K013", field2("hostIPC"), `${owner} sets hostIPC: true`);
  if (spec.automountServiceAccountToken === true) {
    report(
      "CG-K014",
      field2("automountServiceAccountToken"),
      `${owner} sets automountServiceAccountToken: true`
    );
  } else if (spec.automountServiceAccountToken == null) {
    const accountName = spec.serviceAccountName ?? spec.serviceAccount ?? "default";
    const account = serviceAccounts.find(
      (sa) => sa.name === accountName && sa.namespace === workload.namespace
    );
    if (account?.automount !== false) {
      report(
        "CG-K014",
        field2("automountServiceAccountToken"),
        `${owner} does not set automountServiceAccountToken: false, nor does its ServiceAccount '${accountName}' in these manifests`
      );
    }
  }
}

// src/checks/kubernetes/check.ts
function checkManifests(manifests) {
  const documents = [];
  const errors = [];
  const warnings = [];
  const notChecked = [];
  for (const manifest of manifests) {
    const parsed = parseManifest(manifest);
    if (parsed.kind === "documents") {
      for (const document of parsed.documents) documents.push(document);
    } else if (parsed.kind === "skipped") {
      warnings.push(parsed.warning);
      notChecked.push(manifest.path);
    } else for (const error of parsed.errors) errors.push(error);
  }
  const objects = collectObjects(documents);
  for (const error of objects.errors) errors.push(error);
  const findings = [
    ...objects.workloads.flatMap((workload) => checkWorkload(workload, objects.serviceAccounts)),
    ...checkNamespaces(objects)
  ];
  return { findings, errors, warnings, notChecked };
}

// src/checks/index.ts
function formatCheckError(error) {
  return `${error.path}${error.line === void 0 ? "" : `:${error.line}`}: ${error.message}`;
}
function runChecks(input) {
  const findings = [];
  const errors = [];
  const warnings = [];
  const notChecked = [];
  const collect = (path3, check) => {
    try {
      const result = check();
      for (const finding of result.findings) findings.push(finding);
      for (const error of result.errors) errors.push(error);
      for (const warning of result.warnings ?? []) warnings.push(warning);
      for (const path4 of result.notChecked ?? []) notChecked.push(path4);
    } catch (error) {
      const what = errorMessage(error);
      errors.push({
        path: path3,
        message: `container-gate could not check it (${oneLine(what)}); please report this`,
        internal: true
      });
    }
  };
  for (const dockerfile of input.dockerfiles ?? [])
    collect(dockerfile.path, () => checkDockerfile(dockerfile));
  const manifests = input.manifests ?? [];
  if (manifests.length > 0) collect(manifests.map((m) => m.path).join(", "), () => checkManifests(manifests));
  for (const imageConfig of input.imageConfigs ?? [])
    collect(imageConfig.target, () => checkImageConfig(imageConfig));
  return {
    findings: combineFindings(findings),
    errors: errors.sort((a, b) => compareStrings(a.path, b.path) || (a.line ?? 0) - (b.line ?? 0)),
    warnings: warnings.sort(compareStrings),
    notChecked: notChecked.sort(compareStrings)
  };
}

// src/checks/load.ts
import { access, readdir, stat } from "node:fs/promises";
import path2 from "node:path";
var SKIPPED_DIRECTORIES = /* @__PURE__ */ new Set(["node_modules", ".git"]);
function classifyCheckFile(fileName) {
  const name = fileName.toLowerCase();
  if (name.endsWith(".dockerignore")) return void 0;
  if (/\.ya?ml$/.test(name)) return "manifest";
  if (/^(?:dockerfile|containerfile)(?:\..+)?$/.test(name) || /\.(?:dockerfile|containerfile)$/.test(name)) {
    return "dockerfile";
  }
  return void 0;
}
async function loadCheckInputs(paths2, signal) {
  const files = [];
  for (const given of paths2) {
    const info = await stat(given).catch(() => void 0);
    if (!info)
      throw new UsageError(
        `${given}: no such file or directory; pass a Dockerfile, a manifest or a directory`
      );
    if (info.isDirectory()) {
      const found = await walk(given);
      if (found.length === 0) {
        throw new UsageError(
          `${given}: no Dockerfile (Dockerfile, *.Dockerfile, Containerfile) or manifest (*.yaml, *.yml) in it; pass the directory that holds them`
        );
      }
      for (const file of found) files.push(file);
      continue;
    }
    const kind = classifyCheckFile(path2.basename(given));
    if (!kind) {
      throw new UsageError(
        `${given}: neither a Dockerfile (Dockerfile, *.Dockerfile, Containerfile) nor a YAML manifest (*.yaml, *.yml); rename it or pass its directory`
      );
    }
    files.push({ file: given, kind });
  }
  const seen = /* @__PURE__ */ new Set();
  const dockerfiles = [];
  const manifests = [];
  for (const { file, kind } of files) {
    const display = displayPath(file);
    if (seen.has(display)) continue;
    seen.add(display);
    const text5 = await readInputFile(file, kind === "dockerfile" ? "Dockerfile" : "manifest", signal);
    if (kind === "dockerfile")
      dockerfiles.push({ path: display, text: text5, dockerignore: await hasDockerignore(file) });
    else manifests.push({ path: display, text: text5 });
  }
  return { dockerfiles, manifests };
}
async function walk(directory) {
  const found = [];
  let entries;
  try {
    entries = await readdir(directory, { withFileTypes: true });
  } catch (error) {
    const code = error.code ?? String(error);
    throw new UsageError(`${displayPath(directory)}: cannot be listed (${code}); check its permissions`, {
      cause: error
    });
  }
  entries.sort((a, b) => compareStrings(a.name, b.name));
  for (const entry of entries) {
    const full = path2.join(directory, entry.name);
    if (entry.isDirectory()) {
      if (!SKIPPED_DIRECTORIES.has(entry.name)) for (const file of await walk(full)) found.push(file);
      continue;
    }
    const kind = classifyCheckFile(entry.name);
    if (!kind) continue;
    if (entry.isFile() || entry.isSymbolicLink() && (await stat(full).catch(() => void 0))?.isFile()) {
      found.push({ file: full, kind });
    }
  }
  return found;
}
async function hasDockerignore(dockerfile) {
  const directory = path2.dirname(dockerfile);
  const candidates = [path2.join(directory, ".dockerignore"), `${dockerfile}.dockerignore`];
  for (const candidate of candidates) {
    if (await access(candidate).then(
      () => true,
      () => false
    ))
      return true;
  }
  return false;
}
function displayPath(file) {
  const absolute = path2.resolve(file);
  const relative4 = path2.relative(process.cwd(), absolute);
  const shown = relative4 !== "" && !relative4.startsWith("..") && !path2.isAbsolute(relative4) ? relative4 : absolute;
  return shown.split(path2.sep).join("/");
}

// src/checks/run.ts
async function runEmbeddedChecks(paths2, imageConfigs, hooks) {
  const started = performance.now();
  const subjects = [...paths2, ...imageConfigs.map((c) => c.target)];
  hooks.progress?.start(CHECKS_SCANNER, `${CHECKS_SCANNER} checks ${subjects.join(", ")}`);
  const inputs = paths2.length > 0 ? await loadCheckInputs(paths2, hooks.signal) : {};
  const outcome = runChecks({ ...inputs, imageConfigs });
  const files = new Set(
    [...inputs.dockerfiles ?? [], ...inputs.manifests ?? []].map((input) => input.path)
  );
  const findings = underGivenPaths(outcome.findings, files, paths2);
  const errors = outcome.errors.filter((e) => !e.internal).map(formatCheckError);
  const internalErrors = outcome.errors.filter((e) => e.internal).map(formatCheckError);
  for (const error of uncheckedPathErrors(paths2, files, outcome)) errors.push(error);
  const failures = [...internalErrors, ...errors];
  const run = {
    name: CHECKS_SCANNER,
    target: subjects.join(", "),
    version: VERSION,
    status: failures.length > 0 ? "failed" : "ok",
    durationMs: Math.round(performance.now() - started),
    findings: findings.length,
    ...failures.length > 0 ? { error: failures.join("; ") } : {},
    ...outcome.warnings.length > 0 ? { warnings: outcome.warnings } : {}
  };
  hooks.progress?.finish(CHECKS_SCANNER, run);
  return { run, findings, errors, internalErrors };
}
function underGivenPaths(findings, files, paths2) {
  return findings.map((finding) => {
    if (!files.has(finding.target)) return finding;
    const given = givenPathOf(finding.target, paths2);
    return given === finding.target ? finding : { ...finding, target: given };
  });
}
function uncheckedPathErrors(paths2, files, outcome) {
  const notChecked = new Set(outcome.notChecked);
  return paths2.flatMap((path3) => {
    const under = [...files].filter((file) => givenPathOf(file, paths2) === path3);
    if (under.length === 0 || !under.every((file) => notChecked.has(file))) return [];
    const templates = under.length === 1 ? "a template" : `${under.length} templates`;
    return [
      `${path3}: nothing in it could be checked (${templates}, not plain YAML) \u2014 render it first (helm template \u2026) and check the output`
    ];
  });
}
function givenPathOf(file, given) {
  const absolute = resolve2(file);
  for (const path3 of given) {
    const root = resolve2(path3);
    if (absolute === root || absolute.startsWith(root.endsWith(sep) ? root : `${root}${sep}`)) return path3;
  }
  return file;
}

// src/checks/trivy-equivalents.ts
var EQUIVALENT_PAIRS = [
  ["DS001", "CG-D003"],
  // ':latest' tag used
  ["DS002", "CG-D001"],
  // Image user should not be 'root'
  ["DS025", "CG-D012"],
  // 'apk add' is missing '--no-cache'
  ["DS026", "CG-D013"],
  // No HEALTHCHECK defined
  ["DS029", "CG-D009"],
  // 'apt-get' missing '--no-install-recommends'
  ["DS031", "CG-D004"],
  // Secrets passed via build-args or envs
  ["KSV001", "CG-K003"],
  // Can elevate its own privileges
  ["KSV003", "CG-K004"],
  // Default capabilities: some containers do not drop all
  ["KSV005", "CG-K005"],
  // SYS_ADMIN capability added
  ["KSV006", "CG-K009"],
  // hostPath volume mounted with docker.sock
  ["KSV008", "CG-K013"],
  // Access to host IPC namespace
  ["KSV009", "CG-K011"],
  // Access to host network
  ["KSV010", "CG-K012"],
  // Access to host PID
  ["KSV011", "CG-K007"],
  // CPU not limited
  ["KSV012", "CG-K001"],
  // Runs as root user
  ["KSV013", "CG-K016"],
  // Image tag ':latest' used
  ["KSV014", "CG-K002"],
  // Root file system is not read-only
  ["KSV017", "CG-K008"],
  // Privileged container
  ["KSV018", "CG-K007"],
  // Memory not limited
  ["KSV022", "CG-K005"],
  // Non-default capabilities added
  ["KSV023", "CG-K010"],
  // hostPath volumes mounted
  ["KSV030", "CG-K006"],
  // Runtime/Default Seccomp profile not set
  ["KSV036", "CG-K014"],
  // Protecting Pod service account tokens
  ["KSV104", "CG-K006"],
  // Seccomp policies disabled
  ["KSV105", "CG-K001"],
  // Containers must not set runAsUser to 0
  ["KSV106", "CG-K004"]
  // Container capabilities must only include NET_BIND_SERVICE
];
function spellings(shortId) {
  const match = /^([A-Z]+)(\d+)$/.exec(shortId);
  if (!match) return [shortId];
  const [, prefix, digits] = match;
  const long = `${prefix}-${digits.padStart(4, "0")}`;
  return [shortId, long, `AVD-${long}`];
}
var TRIVY_EQUIVALENTS = Object.fromEntries(
  EQUIVALENT_PAIRS.flatMap(([trivy, ours]) => spellings(trivy).map((id3) => [id3, ours]))
);
function equivalentOf(finding) {
  for (const id3 of [finding.id, ...finding.aliases]) {
    const ours = TRIVY_EQUIVALENTS[id3.toUpperCase()];
    if (ours) return ours;
  }
  return void 0;
}
function samePath(ours, theirs) {
  const a = normalisePath(ours);
  const b = normalisePath(theirs);
  if (a === void 0 || b === void 0) return void 0;
  if (a === b) return "exact";
  if (a.endsWith(`/${b}`) || b.endsWith(`/${a}`)) return "suffix";
  return void 0;
}
function pickMatch(findings, ruleId, trivy) {
  const trivyPath = trivy.location?.path ?? trivy.target;
  const candidates = findings.map((finding, index) => ({ finding, index, match: samePath(finding.location?.path, trivyPath) })).filter((c) => c.finding.kind === "hardening" && c.finding.id === ruleId && c.match !== void 0);
  const exact = candidates.filter((c) => c.match === "exact");
  const pool = exact.length > 0 ? exact : candidates;
  if (new Set(pool.map((c) => c.finding.location?.path)).size > 1) return -1;
  if (pool.length === 0) return -1;
  const start = trivy.location?.startLine;
  if (start === void 0) return pool[0].index;
  const end = trivy.location?.endLine ?? start;
  const distance = (line) => line === void 0 ? Number.MAX_SAFE_INTEGER : line >= start && line <= end ? 0 : Math.min(Math.abs(line - start), Math.abs(line - end));
  let best = pool[0];
  for (const candidate of pool) {
    if (distance(candidate.finding.location?.startLine) < distance(best.finding.location?.startLine))
      best = candidate;
  }
  return best.index;
}
function foldTrivyConfigFindings(ours, trivy) {
  const result = [...ours];
  const passedThrough = [];
  for (const finding of trivy) {
    const ruleId = finding.kind === "misconfiguration" ? equivalentOf(finding) : void 0;
    const index = ruleId === void 0 ? -1 : pickMatch(result, ruleId, finding);
    if (index === -1) {
      passedThrough.push(finding);
      continue;
    }
    result[index] = mergeFindings(result[index], { ...finding, kind: "hardening" });
  }
  return sortFindings([...result, ...passedThrough]);
}

// src/databases/attempts.ts
var systemClock = {
  now: () => Date.now(),
  sleep: (ms, signal) => new Promise((resolve6) => {
    if (signal?.aborted) return resolve6();
    const timer = setTimeout(done, ms);
    function done() {
      clearTimeout(timer);
      signal?.removeEventListener("abort", done);
      resolve6();
    }
    signal?.addEventListener("abort", done, { once: true });
  })
};
var RETRYABLE = /* @__PURE__ */ new Set(["rate-limited", "server", "timeout", "corrupt"]);
var CLASS_WORDS = {
  "rate-limited": "rate-limited",
  server: "server error",
  timeout: "timed out",
  corrupt: "corrupt download",
  network: "unreachable",
  refused: "refused",
  failed: "failed"
};
var BASE_BACKOFF_MS = 1e3;
var MAX_BACKOFF_MS = 3e4;
function backoffMs(attempt, retryAfterMs) {
  const backoff = Math.min(MAX_BACKOFF_MS, BASE_BACKOFF_MS * 2 ** Math.max(0, attempt - 1));
  return Math.max(backoff, retryAfterMs ?? 0);
}
async function trySources(plan) {
  const failures = [];
  let waited = 0;
  for (const [index, source] of plan.sources.entries()) {
    let attempt = 0;
    for (; ; ) {
      if (plan.signal?.aborted) return { failures };
      attempt++;
      plan.say(`${plan.what}: downloading from ${source} (attempt ${attempt} of ${plan.attemptsPerSource})`);
      const started = plan.clock.now();
      const result = await plan.attempt(source, attempt);
      if (result.ok) {
        const took = formatDuration(plan.clock.now() - started);
        plan.say(`${plan.what}: downloaded from ${source} in ${took}`);
        return { value: result.value, source, failures };
      }
      const { failure } = result;
      const why = `${CLASS_WORDS[failure.class]}${failure.detail ? ` (${failure.detail})` : ""}`;
      const next = plan.sources[index + 1];
      const moveOn = next ? `trying ${next}` : "no source left";
      if (!RETRYABLE.has(failure.class) || attempt >= plan.attemptsPerSource) {
        plan.say(`${plan.what}: ${source} attempt ${attempt} ${why}; ${moveOn}`);
        failures.push({ source, attempts: attempt, failure });
        break;
      }
      const wait = backoffMs(attempt, failure.retryAfterMs);
      if (waited + wait > plan.maxWaitMs) {
        plan.say(
          `${plan.what}: ${source} attempt ${attempt} ${why}; waiting ${formatDuration(wait)} more would pass the ${formatDuration(plan.maxWaitMs)} bound on retry waits (--db-max-wait); ${moveOn}`
        );
        failures.push({ source, attempts: attempt, failure });
        break;
      }
      plan.say(`${plan.what}: ${source} attempt ${attempt} ${why}; retrying in ${formatDuration(wait)}`);
      waited += wait;
      await plan.clock.sleep(wait, plan.signal);
    }
  }
  return { failures };
}
function describeFailures(failures) {
  return failures.map(({ source, attempts, failure }) => {
    const detail = failure.detail ? ` (${failure.detail})` : "";
    const times = attempts > 1 ? ` after ${attempts} attempts` : "";
    return `${source}: ${CLASS_WORDS[failure.class]}${times}${detail}`;
  }).join("; ");
}
function parseGoDuration(text5) {
  const units = {
    ns: 1e-6,
    us: 1e-3,
    \u00B5s: 1e-3,
    \u03BCs: 1e-3,
    ms: 1,
    s: 1e3,
    m: 6e4,
    h: 36e5
  };
  const parts = [...text5.matchAll(/(\d+(?:\.\d+)?)(ns|us|µs|μs|ms|s|m|h)/g)];
  if (parts.length === 0 || parts.map((p) => p[0]).join("") !== text5) return void 0;
  return parts.reduce((sum, [, amount, unit]) => sum + Number(amount) * units[unit], 0);
}

// src/databases/steps.ts
import { mkdir as mkdir4, rm as rm4, symlink as symlink2 } from "node:fs/promises";
import { join as join7 } from "node:path";

// src/databases/downloads.ts
import { link, mkdir as mkdir2, rm as rm2, writeFile as writeFile2 } from "node:fs/promises";
import { join as join5 } from "node:path";

// src/scanners/run.ts
import { lstat, mkdir, readFile, rm, writeFile } from "node:fs/promises";
import { dirname as dirname2, join as join2, resolve as resolve3 } from "node:path";

// src/scanners/tool-output.ts
function parseToolJson(text5, tool, what, schema) {
  if (text5 === void 0 || text5.trim() === "") {
    throw new ScannerOutputError(
      `${tool}: wrote no ${what}; re-run it and check its stderr, disk space and version`
    );
  }
  let value;
  try {
    value = JSON.parse(text5);
  } catch (error) {
    const reason = errorMessage(error);
    throw new ScannerOutputError(
      oneLine(
        `${tool}: its ${what} is not valid JSON (${reason}), likely truncated; re-run it and check disk space`
      ),
      { cause: error }
    );
  }
  const result = schema.safeParse(value);
  if (!result.success) {
    throw new ScannerOutputError(
      oneLine(
        `${tool}: its ${what} does not have the expected shape (${describeIssue2(result.error)}); check that the tool version is one container-gate supports`
      )
    );
  }
  return result.data;
}
function describeIssue2(error) {
  const issue = error.issues[0];
  if (!issue) return "unknown problem";
  const where = issue.path.length > 0 ? issue.path.join(".") : "top level";
  return `${where}: ${issue.message}`;
}
function collectLinks(candidates) {
  const links = [];
  for (const candidate of candidates) {
    const link3 = candidate?.trim();
    if (!link3 || links.includes(link3)) continue;
    links.push(link3);
    if (links.length === MAX_LINKS) break;
  }
  return links;
}
function parseToolVersion(stdout) {
  const match = /(?:^|\s)v?(\d+\.\d+\.\d+[\w.+-]*)|Version:\s*(\S+)/m.exec(stdout);
  return match ? match[1] ?? match[2] : void 0;
}
function nonEmpty(value) {
  const trimmed = value?.trim();
  return trimmed ? trimmed : void 0;
}
var REGISTRY_TLS = /x509: certificate|server gave HTTP response to HTTPS client|tls: failed to verify|tls: handshake failure/i;
var REGISTRY_DENIED = /\bUNAUTHORIZED\b|authentication required|no basic auth credentials|incorrect username or password|requested access to the resource is denied|\bDENIED:/i;
function explainRegistryFailure(stderr) {
  if (REGISTRY_TLS.test(stderr)) {
    return "the registry connection failed TLS verification; for a local registry without TLS pass --insecure-registry";
  }
  if (REGISTRY_DENIED.test(stderr)) {
    return "the registry refused access to the image (authentication required or denied): check the image name, then log in (docker login) or provide registry credentials";
  }
  return void 0;
}
function purlType(purl) {
  return purl ? /^pkg:([^/]+)\//i.exec(purl)?.[1]?.toLowerCase() : void 0;
}
function isCvssScore(score) {
  return typeof score === "number" && Number.isFinite(score) && score >= 0 && score <= 10;
}
function isProbability(value) {
  return typeof value === "number" && Number.isFinite(value) && value >= 0 && value <= 1;
}
function ignoredScoresWarning(count, what, range) {
  return count === 0 ? [] : [
    `${count} ${what} outside ${range} in its report ${count === 1 ? "was" : "were"} left out of the findings`
  ];
}

// src/scanners/syft/schema.ts
var text = external_exports.string().nullish();
var cycloneDxComponentSchema = external_exports.looseObject({
  type: text,
  purl: text,
  name: external_exports.unknown().optional(),
  version: external_exports.unknown().optional(),
  licenses: external_exports.unknown().optional(),
  get components() {
    return external_exports.array(cycloneDxComponentSchema).nullish();
  }
});
var cycloneDxSchema = external_exports.looseObject({
  bomFormat: external_exports.literal("CycloneDX"),
  specVersion: external_exports.string().min(1),
  components: external_exports.array(cycloneDxComponentSchema).nullish()
});
var spdxSchema = external_exports.looseObject({
  spdxVersion: external_exports.string().startsWith("SPDX-"),
  SPDXID: external_exports.string().min(1),
  documentDescribes: external_exports.array(external_exports.string()).nullish(),
  packages: external_exports.array(
    external_exports.looseObject({
      SPDXID: external_exports.string(),
      name: external_exports.unknown().optional(),
      versionInfo: external_exports.unknown().optional(),
      licenseConcluded: external_exports.unknown().optional(),
      licenseDeclared: external_exports.unknown().optional(),
      primaryPackagePurpose: text,
      externalRefs: external_exports.array(external_exports.looseObject({ referenceType: text, referenceLocator: text })).nullish()
    })
  ).nullish(),
  relationships: external_exports.array(external_exports.looseObject({ spdxElementId: text, relatedSpdxElement: text, relationshipType: text })).nullish()
});
var syftJsonSchema = external_exports.looseObject({
  artifacts: external_exports.array(
    external_exports.looseObject({ name: external_exports.string(), version: external_exports.unknown(), purl: external_exports.unknown(), licenses: external_exports.unknown() })
  ),
  descriptor: external_exports.looseObject({ name: external_exports.string(), version: text })
});

// src/scanners/syft/parse.ts
var SBOM_ROLES = {
  cyclonedx: "cyclonedx-json",
  spdx: "spdx-json",
  "syft-json": "syft-json"
};
var SCHEMAS = { "cyclonedx-json": cycloneDxSchema, "spdx-json": spdxSchema, "syft-json": syftJsonSchema };
var LABELS = {
  "cyclonedx-json": "CycloneDX JSON SBOM",
  "spdx-json": "SPDX JSON SBOM",
  "syft-json": "Syft JSON SBOM"
};
function isSbomRole(role) {
  return Object.hasOwn(SBOM_ROLES, role);
}
function parseSbomOutputs(files, producer, expected = Object.keys(files).filter(isSbomRole)) {
  const documents = [];
  for (const role of new Set(expected)) {
    const format = SBOM_ROLES[role];
    const content = files[role];
    parseToolJson(content, producer, LABELS[format], SCHEMAS[format]);
    documents.push({ format, content });
  }
  if (documents.length === 0) {
    throw new ScannerOutputError(`${producer}: wrote no SBOM; re-run it and check its stderr and disk space`);
  }
  return documents.sort((a, b) => a.format < b.format ? -1 : a.format > b.format ? 1 : 0);
}
function countSbomPackages(doc) {
  switch (doc.format) {
    case "cyclonedx-json":
      return countCycloneDx(
        parseToolJson(doc.content, "sbom", LABELS[doc.format], cycloneDxSchema).components
      );
    case "spdx-json":
      return countSpdx(parseToolJson(doc.content, "sbom", LABELS[doc.format], spdxSchema));
    case "syft-json":
      return parseToolJson(doc.content, "sbom", LABELS[doc.format], syftJsonSchema).artifacts.length;
  }
}
var CYCLONEDX_PACKAGE_TYPES = /* @__PURE__ */ new Set(["library", "framework"]);
function countCycloneDx(components) {
  let count = 0;
  for (const component of components ?? []) {
    const type = component.type ?? "";
    if (type !== "operating-system" && (nonEmpty(component.purl) || CYCLONEDX_PACKAGE_TYPES.has(type)))
      count++;
    count += countCycloneDx(component.components);
  }
  return count;
}
var SPDX_PACKAGE_PURPOSES = /* @__PURE__ */ new Set(["LIBRARY", "FRAMEWORK"]);
function countSpdx(doc) {
  const described = new Set(doc.documentDescribes ?? []);
  for (const relation of doc.relationships ?? []) {
    if (relation.spdxElementId === doc.SPDXID && relation.relationshipType === "DESCRIBES" && relation.relatedSpdxElement) {
      described.add(relation.relatedSpdxElement);
    }
  }
  let count = 0;
  for (const pkg of doc.packages ?? []) {
    if (described.has(pkg.SPDXID)) continue;
    const purpose = nonEmpty(pkg.primaryPackagePurpose)?.toUpperCase();
    if (purpose === "OPERATING-SYSTEM") continue;
    const hasPurl = (pkg.externalRefs ?? []).some(
      (ref) => ref.referenceType === "purl" && nonEmpty(ref.referenceLocator)
    );
    if (hasPurl || purpose === void 0 || SPDX_PACKAGE_PURPOSES.has(purpose)) count++;
  }
  return count;
}

// src/scanners/run.ts
var MAX_REPORT_BYTES = 256 * 1024 * 1024;
var MAX_STREAM_BYTES = 32 * 1024 * 1024;
async function runScannerJob(job) {
  const record2 = new RunRecord(job);
  const { options, scanTarget: scanTarget2, cwd } = await privateRun(job);
  const invocation = job.scanner.command(scanTarget2, options);
  await writeInputs(invocation, options.workDir);
  const withheld = withheldEnvironment(invocation);
  if (withheld.length > 0) record2.warnings.push(withheldWarning(withheld, job.scanner.executable));
  const exec = await execScanner(job, options.executable, invocation, cwd, withheld);
  if (exec instanceof RunFailure) return record2.failed(exec);
  const failure = processFailure(exec);
  if (failure !== void 0 && failure.kind !== "exit")
    return record2.failed(scannerFailure(failure, job, exec));
  const files = await readReports(invocation.outputs);
  if (files instanceof RunFailure) return record2.failed(files);
  const outputs2 = { stdout: exec.stdout, stderr: exec.stderr, files };
  if (failure !== void 0) {
    const explained = job.scanner.explainFailure?.(outputs2);
    return record2.failed(
      explained !== void 0 ? new RunFailure("failed", explained) : scannerFailure(failure, job, exec)
    );
  }
  const result = parseReport(job, outputs2);
  if (result instanceof RunFailure) return record2.failed(result);
  return record2.ok(result, invocation.outputs);
}
var RunFailure = class {
  constructor(status, error) {
    this.status = status;
    this.error = error;
  }
  status;
  error;
};
var RunRecord = class {
  warnings = [];
  started = performance.now();
  base;
  constructor(job) {
    this.base = { name: job.scanner.name, target: job.target.display };
  }
  failed(failure) {
    return {
      run: {
        ...this.base,
        status: failure.status,
        durationMs: this.elapsed(),
        findings: 0,
        error: oneLine(failure.error),
        ...this.warnings.length > 0 ? { warnings: this.warnings } : {}
      }
    };
  }
  ok(result, outputs2) {
    this.warnings.push(...result.warnings ?? []);
    const sbom = result.sboms?.[0];
    const packages = sbom ? countSbomPackages(sbom) : void 0;
    return {
      run: {
        ...this.base,
        status: "ok",
        durationMs: this.elapsed(),
        findings: result.findings.length,
        ...packages !== void 0 ? { packages } : {},
        ...result.toolVersion ? { version: result.toolVersion } : {},
        ...this.warnings.length > 0 ? { warnings: this.warnings } : {}
      },
      result,
      outputs: outputs2
    };
  }
  elapsed() {
    return Math.round(performance.now() - this.started);
  }
};
function withheldWarning(withheld, executable) {
  return `${withheld.join(", ")} set in the environment ${withheld.length === 1 ? "was" : "were"} not passed to ${executable}: only container-gate's policy, exceptions and VEX decide what is reported (docs/fail-closed.md)`;
}
async function execScanner(job, executable, invocation, cwd, withheld) {
  try {
    return await runProcess(executable, {
      args: invocation.args,
      cwd,
      ...invocation.env ? { env: invocation.env } : {},
      withoutEnv: withheld,
      timeoutMs: job.timeoutMs,
      ...job.signal ? { signal: job.signal } : {},
      maxOutputBytes: MAX_STREAM_BYTES
    });
  } catch (error) {
    if (error instanceof ExecStartError) {
      return new RunFailure(
        "failed",
        `could not start ${executable} (${error.code ?? error.message}) \u2014 ${job.scanner.installHint}`
      );
    }
    throw error;
  }
}
function scannerFailure(failure, job, exec) {
  const stderrLine = quotedLine(exec.stderr, "last");
  switch (failure.kind) {
    case "aborted":
      return new RunFailure("failed", "stopped: the run was interrupted");
    case "timedOut":
      return new RunFailure(
        "timeout",
        `timed out after ${formatBound(job.timeoutMs)}; its process tree was killed \u2014 raise --timeout if the image is large`
      );
    case "outputExceeded":
      return new RunFailure(
        "failed",
        `printed more than ${MAX_STREAM_BYTES / 1024 / 1024} MiB on ${failure.stream}; stopped and its output discarded`
      );
    case "signal":
      return new RunFailure("failed", `killed by ${failure.signal}${stderrLine ? `: ${stderrLine}` : ""}`);
    case "exit":
      return new RunFailure(
        "failed",
        `exited with code ${failure.code}${stderrLine ? `: ${stderrLine}` : " and printed nothing on stderr"}`
      );
  }
}
async function readReports(paths2) {
  const files = {};
  for (const [role, path3] of Object.entries(paths2)) {
    const info = await lstat(path3).catch(() => void 0);
    if (info === void 0) continue;
    if (!info.isFile())
      return new RunFailure("failed", `wrote something other than a file as its ${role} report`);
    if (info.size > MAX_REPORT_BYTES) {
      return new RunFailure(
        "failed",
        `wrote a ${Math.round(info.size / 1024 / 1024)} MiB ${role} report, over the ${MAX_REPORT_BYTES / 1024 / 1024} MiB limit`
      );
    }
    files[role] = await readFile(path3, "utf8");
  }
  return files;
}
function parseReport(job, outputs2) {
  const { scanner } = job;
  try {
    return scanner.parse(outputs2, {
      target: job.target.display,
      ...job.options.configPaths?.length === 1 ? { givenPath: job.options.configPaths[0] } : {}
    });
  } catch (error) {
    if (error instanceof ScannerOutputError) {
      const prefix = [`${scanner.name}: `, `${scanner.executable}: `].find(
        (p) => error.message.startsWith(p)
      );
      const reason = prefix ? error.message.slice(prefix.length) : error.message;
      return new RunFailure("failed", `its output cannot be trusted: ${reason}`);
    }
    throw error;
  }
}
async function privateRun(job) {
  const workDir = resolve3(job.options.workDir);
  await rm(workDir, { recursive: true, force: true });
  const cwd = join2(workDir, "cwd");
  await mkdir(cwd, { recursive: true });
  const executable = job.options.executable.includes("/") ? resolve3(job.options.executable) : job.options.executable;
  const options = {
    ...job.options,
    executable,
    workDir,
    ...job.options.configPaths ? { configPaths: job.options.configPaths.map((p) => resolve3(p)) } : {}
  };
  const scanTarget2 = job.target.path ? { ...job.target, path: resolve3(job.target.path) } : job.target;
  return { options, scanTarget: scanTarget2, cwd };
}
async function writeInputs(invocation, workDir) {
  const paths2 = [...Object.values(invocation.outputs), ...Object.keys(invocation.inputs ?? {})];
  for (const path3 of paths2) {
    if (dirname2(path3) !== workDir)
      throw new Error(`scanner file ${path3} is not in its run directory ${workDir}`);
  }
  for (const [path3, content] of Object.entries(invocation.inputs ?? {})) {
    await writeFile(path3, content, { flag: "wx" });
  }
}
function withheldEnvironment(invocation, env = process.env) {
  const own = invocation.ownEnv;
  if (!own) return [];
  return Object.keys(env).filter(
    (name) => name.startsWith(own.prefix) && !own.passes.test(name) && !Object.hasOwn(invocation.env ?? {}, name)
  ).sort();
}
async function readToolVersion(executable, args) {
  try {
    const res = await runProcess(executable, { args, timeoutMs: 15e3, maxOutputBytes: 1024 * 1024 });
    return res.exitCode === 0 ? parseToolVersion(res.stdout) : void 0;
  } catch {
    return void 0;
  }
}

// src/scanners/trivy/command.ts
import { join as join4, resolve as resolve4 } from "node:path";

// src/databases/trivy.ts
import { open, readdir as readdir2, readFile as readFile2, stat as stat2 } from "node:fs/promises";
import { join as join3 } from "node:path";
var TRIVY_CACHE_SUBDIR = {
  "trivy-db": "db",
  "trivy-java-db": "java-db",
  "trivy-checks": "policy"
};
var TRIVY_DATABASE_TITLE = {
  "trivy-db": "trivy vulnerability database",
  "trivy-java-db": "trivy Java index database",
  "trivy-checks": "trivy checks bundle"
};
var time = external_exports.string().refine((value) => !Number.isNaN(Date.parse(value)), "not a time");
var trivyDbMetadataSchema = external_exports.object({
  Version: external_exports.number().int().positive(),
  NextUpdate: time,
  UpdatedAt: time,
  DownloadedAt: time.optional()
});
var trivyChecksMetadataSchema = external_exports.object({
  Digest: external_exports.string().min(1),
  DownloadedAt: time,
  MajorVersion: external_exports.number().int().nullish(),
  CustomBuild: external_exports.boolean().nullish()
});
async function readTrivyContents(name, dir) {
  const metadataText = await readFile2(join3(dir, "metadata.json"), "utf8").catch(() => void 0);
  if (metadataText === void 0) return { ok: false, problem: "metadata.json is missing" };
  let raw;
  try {
    raw = JSON.parse(metadataText);
  } catch {
    return { ok: false, problem: "metadata.json is not JSON" };
  }
  const parsed = (name === "trivy-checks" ? trivyChecksMetadataSchema : trivyDbMetadataSchema).safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    return {
      ok: false,
      problem: `metadata.json: ${issue?.path.join(".") || "top level"} ${issue?.message ?? ""}`.trim()
    };
  }
  const problem = name === "trivy-db" ? await boltProblem(join3(dir, "trivy.db")) : name === "trivy-java-db" ? await sqliteProblem(join3(dir, "trivy-java.db")) : await contentProblem(join3(dir, "content"));
  return problem ? { ok: false, problem } : { ok: true, metadata: parsed.data };
}
var BOLT_MAGIC = 3977042669;
var BOLT_META_FLAG = 4;
async function boltProblem(file) {
  const size2 = await stat2(file).then(
    (s) => s.size,
    () => void 0
  );
  if (size2 === void 0) return "trivy.db is missing";
  if (size2 === 0) return "trivy.db is empty (0 bytes)";
  const handle = await open(file, "r");
  try {
    const read = async (position, length) => {
      const buffer = Buffer.alloc(length);
      const { bytesRead } = await handle.read(buffer, 0, length, position);
      return bytesRead === length ? buffer : void 0;
    };
    const first = await read(0, 80);
    if (!first) return `trivy.db is ${size2} bytes, too short to be a bolt database`;
    const metas = [parseMeta(first)];
    if (metas[0]) {
      const second = await read(metas[0].pageSize, 80);
      if (second) metas.push(parseMeta(second));
    }
    const meta = metas.filter((m) => m !== void 0).sort((a, b) => b.txid > a.txid ? 1 : b.txid < a.txid ? -1 : 0)[0];
    if (!meta) return "trivy.db is not a bolt database (no valid meta page)";
    const root = await read(Number(meta.root) * meta.pageSize, 16);
    if (!root) return `trivy.db is truncated (${size2} bytes; its root page is past the end)`;
    if (root.readUInt16LE(10) === 0)
      return "trivy.db holds no buckets (an empty database would report no vulnerabilities)";
    return void 0;
  } finally {
    await handle.close();
  }
}
function parseMeta(page) {
  if (page.readUInt16LE(8) !== BOLT_META_FLAG) return void 0;
  if (page.readUInt32LE(16) !== BOLT_MAGIC || page.readUInt32LE(20) !== 2) return void 0;
  const pageSize = page.readUInt32LE(24);
  if (pageSize < 512 || pageSize > 65536) return void 0;
  return { pageSize, root: page.readBigUInt64LE(32), txid: page.readBigUInt64LE(64) };
}
async function sqliteProblem(file) {
  const head = await readFile2(file).then(
    (b) => b.subarray(0, 16),
    () => void 0
  );
  if (!head) return "trivy-java.db is missing";
  return head.toString("latin1") === "SQLite format 3\0" ? void 0 : "trivy-java.db is not an SQLite database";
}
async function contentProblem(dir) {
  const entries = await readdir2(dir).catch(() => void 0);
  if (!entries) return "content/ is missing";
  return entries.length === 0 ? "content/ is empty" : void 0;
}
var HOUR = 36e5;
function trivyIsFresh(name, metadata, now) {
  const downloaded = metadata.DownloadedAt ? Date.parse(metadata.DownloadedAt) : Number.NaN;
  if (name === "trivy-checks") return now < downloaded + 24 * HOUR;
  const next = Date.parse(metadata.NextUpdate);
  return now < next || now < downloaded + (name === "trivy-db" ? HOUR : 24 * HOUR);
}
function trivyBuiltAt(name, metadata) {
  return name === "trivy-checks" ? void 0 : metadata.UpdatedAt;
}
function trivyAgeBasis(name, metadata) {
  return Date.parse(trivyBuiltAt(name, metadata) ?? metadata.DownloadedAt ?? "");
}
function trivyReportRecord(name, metadata, source, fromCache, warning) {
  const builtAt = trivyBuiltAt(name, metadata);
  const schemaVersion = name === "trivy-checks" ? metadata.MajorVersion : metadata.Version;
  return {
    name,
    tool: "trivy",
    ...schemaVersion !== void 0 && schemaVersion !== null ? { schemaVersion: String(schemaVersion) } : {},
    ...builtAt ? { builtAt } : {},
    ...metadata.DownloadedAt ? { downloadedAt: metadata.DownloadedAt } : {},
    source,
    fromCache,
    ...warning ? { warning } : {}
  };
}
function trivyChecksFlags(version) {
  const match = /^v?(\d+)\.(\d+)\./.exec(version ?? "");
  const modern = match !== null && (Number(match[1]) > 0 || Number(match[2]) >= 51);
  return modern ? { skip: "--skip-check-update", repository: "--checks-bundle-repository" } : { skip: "--skip-policy-update", repository: "--policy-bundle-repository" };
}
function trivyDownloadArgs(name, cacheDir, repository, version) {
  if (name === "trivy-db")
    return [
      "image",
      "--download-db-only",
      "--no-progress",
      "--cache-dir",
      cacheDir,
      "--db-repository",
      repository
    ];
  if (name === "trivy-java-db")
    return [
      "image",
      "--download-java-db-only",
      "--no-progress",
      "--cache-dir",
      cacheDir,
      "--java-db-repository",
      repository
    ];
  return [
    "config",
    "--cache-dir",
    cacheDir,
    trivyChecksFlags(version).repository,
    repository,
    "--format",
    "json",
    `--output=${join3(cacheDir, "config-report.json")}`,
    "--",
    join3(cacheDir, "empty")
  ];
}
function classifyTrivyFailure(stderr, exitCode) {
  const text5 = stderr.replace(/\u001b\[[0-9;]*m/g, "");
  const lines = text5.split(/\r?\n/).filter((line) => /\b(ERROR|FATAL|WARN)\b|error/i.test(line));
  const said = lines.join("\n") || text5;
  const detail = (pattern) => oneLine(pattern.exec(said)?.[0] ?? "").slice(0, 160);
  if (/TOOMANYREQUESTS|\b429\b|Too Many Requests/i.test(said)) return rateLimited(said, detail);
  if (/\b(?:500|502|503|504)\b|UNAVAILABLE|Service Unavailable|Bad Gateway|Gateway Timeout|Internal Server Error/i.test(
    said
  ))
    return { class: "server", detail: detail(/(?:GET|HEAD) \S+: [^"\\\n]*|UNAVAILABLE[^"\\\n]*/) };
  if (/context deadline exceeded|i\/o timeout|Client\.Timeout|TLS handshake timeout/i.test(said))
    return {
      class: "timeout",
      detail: detail(
        /[^"\\\n:]*(?:context deadline exceeded|i\/o timeout|Client\.Timeout[^"\\\n]*|TLS handshake timeout)/i
      )
    };
  if (/db corrupted|invalid database|unexpected EOF|gzip: invalid|checksum|digest mismatch/i.test(said))
    return {
      class: "corrupt",
      detail: detail(
        /db corrupted[^"\\\n]*|invalid database|unexpected EOF|gzip: invalid[^"\\\n]*|[^"\\\n]*(?:checksum|digest mismatch)[^"\\\n]*/i
      )
    };
  if (/DENIED|UNAUTHORIZED|MANIFEST_UNKNOWN|NAME_UNKNOWN|NOT_FOUND|\b40[134]\b/.test(said))
    return {
      class: "refused",
      detail: detail(
        /(?:DENIED|UNAUTHORIZED|MANIFEST_UNKNOWN|NAME_UNKNOWN|NOT_FOUND)[^"\\\n]*|\b40[134]\b[^"\\\n]*/
      )
    };
  if (/no such host|connection refused|network is unreachable|dial tcp|connection reset/i.test(said))
    return {
      class: "network",
      detail: detail(
        /[^"\\\n:]*(?:no such host|connection refused|network is unreachable|connection reset)[^"\\\n]*/i
      )
    };
  const errorLine = lines.at(-1);
  if (errorLine) return { class: "failed", detail: logMessage(errorLine) };
  return unexplained(text5, exitCode);
}
function rateLimited(said, detail) {
  const after = /retry-after:\s*([0-9.]+(?:ns|us|µs|μs|ms|s|m|h)(?:[0-9.]+(?:ns|us|µs|μs|ms|s|m|h))*)/i.exec(
    said
  )?.[1];
  const retryAfterMs = after ? parseGoDuration(after) : void 0;
  return {
    class: "rate-limited",
    detail: detail(/TOOMANYREQUESTS[^"\\\n]*|429 Too Many Requests/i),
    ...retryAfterMs !== void 0 ? { retryAfterMs } : {}
  };
}
function unexplained(text5, exitCode) {
  const code = exitCode === void 0 || exitCode === null ? "" : ` ${exitCode}`;
  const last = text5.split(/\r?\n/).filter((l) => l.trim() !== "").at(-1);
  return {
    class: "failed",
    detail: last ? `exited${code} without an error; its log stops at "${logMessage(last)}"` : `exited${code} without saying why`
  };
}
function logMessage(line) {
  return oneLine(
    line.replace(/^\S*\d{4}-\d\d-\d\dT\S+\s+/, "").replace(/^(?:DEBUG|INFO|WARN|ERROR|FATAL)\s+/, "")
  ).slice(0, 160);
}

// src/scanners/trivy/command.ts
var TRIVY_ENV = {
  prefix: "TRIVY_",
  passes: /^TRIVY_(CACHE_DIR|CACHE_BACKEND|CACHE_TTL|REDIS_[A-Z_]+|DB_REPOSITORY|JAVA_DB_REPOSITORY|CHECKS_BUNDLE_REPOSITORY|SKIP_DB_UPDATE|SKIP_JAVA_DB_UPDATE|SKIP_CHECK_UPDATE|SKIP_VERSION_CHECK|DISABLE_TELEMETRY|OFFLINE_SCAN|NO_PROGRESS|DEBUG|TIMEOUT|PARALLEL|USERNAME|PASSWORD|REGISTRY_TOKEN|INSECURE|CACERT|IMAGE_SRC|DOCKER_HOST|PODMAN_HOST)$/
};
function trivyIsolation(workDir, command) {
  const config = join4(workDir, "container-gate.trivy.yaml");
  const ignore = join4(workDir, "container-gate.trivyignore");
  const args = ["--config", config, "--ignorefile", ignore, "--exit-code", "0"];
  const inputs = {
    [config]: "# container-gate: Trivy reads this file and no trivy.yaml\n",
    [ignore]: ""
  };
  if (command !== "config") args.push("--exit-on-eol", "0");
  if (command === "image") {
    const secretConfig = join4(workDir, "container-gate.trivy-secret.yaml");
    args.push("--secret-config", secretConfig);
    inputs[secretConfig] = "{}\n";
  }
  return { args, inputs, ownEnv: TRIVY_ENV };
}
var TRIVY_REPORT_FILE = "trivy-image.json";
function trivyImageCommand(target, opts, plan) {
  const output = join4(opts.workDir, TRIVY_REPORT_FILE);
  const args = [
    "image",
    "--no-progress",
    "--format",
    "json",
    `--output=${output}`,
    "--list-all-pkgs",
    `--scanners=${plan.scanners.join(",")}`
  ];
  args.push(...cacheDirArgs(opts));
  if (plan.scanners.includes("vuln")) args.push("--skip-db-update", "--skip-java-db-update");
  if (target.platform) args.push(`--platform=${target.platform}`);
  if (opts.insecureRegistry) args.push("--insecure");
  const isolation = trivyIsolation(opts.workDir, "image");
  args.push(...isolation.args, ...trivyImageSource(target));
  return { ...isolation, args, outputs: { json: output } };
}
function cacheDirArgs(opts) {
  return opts.cacheDir ? ["--cache-dir", opts.cacheDir] : [];
}
var TRIVY_SBOM_FORMATS = { cyclonedx: "cyclonedx", spdx: "spdx-json" };
function trivyConvertCommand(report, opts, role) {
  const output = join4(opts.workDir, role === "cyclonedx" ? "trivy.cdx.json" : "trivy.spdx.json");
  const isolation = trivyIsolation(opts.workDir, "convert");
  return {
    ...isolation,
    args: [
      "convert",
      "--format",
      TRIVY_SBOM_FORMATS[role],
      "--list-all-pkgs",
      `--output=${output}`,
      ...isolation.args,
      "--",
      // Absolute: the process starts in a directory of its own.
      resolve4(report)
    ],
    outputs: { [role]: output }
  };
}
function trivySbomFileCommand(target, opts) {
  if (target.kind !== "sbom" || !target.path)
    throw new Error(`trivy sbom needs an SBOM file (${target.display})`);
  const output = join4(opts.workDir, "trivy-sbom-vuln.json");
  const isolation = trivyIsolation(opts.workDir, "sbom");
  return {
    ...isolation,
    args: [
      "sbom",
      "--no-progress",
      "--format",
      "json",
      `--output=${output}`,
      "--scanners=vuln",
      ...cacheDirArgs(opts),
      "--skip-db-update",
      "--skip-java-db-update",
      ...isolation.args,
      "--",
      target.path
    ],
    outputs: { json: output }
  };
}
function trivyConfigCommand(opts) {
  const paths2 = opts.configPaths ?? [];
  if (paths2.length !== 1) {
    throw new Error(`trivy-config takes exactly one file or directory per run, got ${paths2.length}`);
  }
  const output = join4(opts.workDir, "trivy-config.json");
  const isolation = trivyIsolation(opts.workDir, "config");
  return {
    ...isolation,
    args: [
      "config",
      "--quiet",
      ...cacheDirArgs(opts),
      trivyChecksFlags(opts.toolVersion).skip,
      "--format",
      "json",
      `--output=${output}`,
      ...isolation.args,
      "--",
      paths2[0]
    ],
    outputs: { json: output }
  };
}
function trivyImageSource(target) {
  if (target.kind === "reference") return ["--image-src", "remote", "--", target.reference ?? target.display];
  if (target.kind === "files" || target.kind === "sbom")
    throw new Error(`trivy image cannot scan ${target.kind} (${target.display})`);
  if (!target.path) throw new Error(`${target.kind} target ${target.display} has no archive path`);
  if (target.kind === "oci-archive") {
    if (!target.ociLayout)
      throw new Error(`trivy cannot open the OCI tarball of ${target.display}: unpack it to a layout first`);
    return [`--input=${target.ociLayout}`];
  }
  return [`--input=${target.path}`];
}

// src/databases/grype.ts
var GRYPE_MODEL_DIR = "6";
var grypeStatusSchema = external_exports.object({
  schemaVersion: external_exports.string(),
  from: external_exports.string().optional(),
  built: external_exports.string().optional(),
  path: external_exports.string().optional(),
  valid: external_exports.boolean(),
  error: external_exports.string().optional()
});
var GRYPE_DEFAULT_MAX_BUILT_AGE_MS = 120 * 36e5;
function grypeDatabaseEnv(cacheDir, maxAgeMs, updateUrl) {
  const bound = Math.max(maxAgeMs, GRYPE_DEFAULT_MAX_BUILT_AGE_MS);
  return {
    GRYPE_DB_CACHE_DIR: cacheDir,
    GRYPE_DB_AUTO_UPDATE: "false",
    GRYPE_DB_VALIDATE_AGE: "true",
    // A Go duration (time.ParseDuration): whole seconds.
    GRYPE_DB_MAX_ALLOWED_BUILT_AGE: `${Math.ceil(bound / 1e3)}s`,
    GRYPE_CHECK_FOR_APP_UPDATE: "false",
    ...updateUrl ? { GRYPE_DB_UPDATE_URL: updateUrl } : {}
  };
}
function parseGrypeStatus(stdout) {
  try {
    const parsed = grypeStatusSchema.safeParse(JSON.parse(stdout));
    return parsed.success ? parsed.data : void 0;
  } catch {
    return void 0;
  }
}
function grypeUpdated(stdout) {
  if (/Vulnerability database updated to latest version/i.test(stdout)) return true;
  if (/No vulnerability database update available/i.test(stdout)) return false;
  return void 0;
}
var HOUR2 = 36e5;
function grypeIsFresh(checkedAt, now) {
  return now < Date.parse(checkedAt) + 2 * HOUR2;
}
function grypeReportRecord(status, checkedAt, source, fromCache, warning) {
  return {
    name: "grype-db",
    tool: "grype",
    schemaVersion: status.schemaVersion,
    ...status.built ? { builtAt: status.built } : {},
    downloadedAt: checkedAt,
    // The listing URL that was asked; `from` (the archive URL) says which file that listing named.
    source: status.from ? `${source} (${stripQuery(status.from)})` : source,
    fromCache,
    ...warning ? { warning } : {}
  };
}
function stripQuery(url) {
  return url.replace(/\?.*$/, "");
}
function classifyGrypeFailure(stderr) {
  const said = stderr.replace(/\u001b\[[0-9;]*m/g, "");
  const detail = (pattern) => oneLine(pattern.exec(said)?.[0] ?? "").slice(0, 160);
  if (/bad response code: 429|Too Many Requests/i.test(said))
    return { class: "rate-limited", detail: detail(/bad response code: 429|Too Many Requests/i) };
  if (/bad response code: 5\d\d/.test(said))
    return { class: "server", detail: detail(/bad response code: 5\d\d/) };
  if (/Client\.Timeout|context deadline exceeded|i\/o timeout|TLS handshake timeout/i.test(said))
    return {
      class: "timeout",
      detail: detail(
        /[^:\n]*(?:Client\.Timeout[^\n)]*|context deadline exceeded|i\/o timeout|TLS handshake timeout)/i
      )
    };
  if (/Checksums did not match|bad db checksum|unexpected EOF|invalid (?:header|archive)|zstd|not a valid/i.test(
    said
  ))
    return {
      class: "corrupt",
      detail: detail(
        /Checksums did not match[^\n]*|bad db checksum[^\n]*|unexpected EOF|invalid (?:header|archive)[^\n]*/i
      )
    };
  if (/bad response code: 4\d\d/.test(said))
    return { class: "refused", detail: detail(/bad response code: 4\d\d/) };
  if (/no such host|connection refused|network is unreachable|dial tcp|connection reset/i.test(said))
    return {
      class: "network",
      detail: detail(
        /[^:\n]*(?:no such host|connection refused|network is unreachable|connection reset)[^\n]*/i
      )
    };
  const last = oneLine(
    said.split(/\r?\n/).filter((l) => l.trim() !== "").at(-1) ?? ""
  );
  return { class: "failed", detail: last ? last.slice(0, 160) : "exited without saying why" };
}

// src/databases/downloads.ts
var DOWNLOAD_STOPPERS = [
  "TRIVY_SKIP_DB_UPDATE",
  "TRIVY_SKIP_UPDATE",
  "TRIVY_SKIP_JAVA_DB_UPDATE",
  "TRIVY_SKIP_CHECK_UPDATE",
  "TRIVY_SKIP_POLICY_UPDATE",
  "TRIVY_OFFLINE_SCAN",
  "TRIVY_CACHE_DIR",
  "TRIVY_DB_REPOSITORY",
  "TRIVY_JAVA_DB_REPOSITORY",
  "TRIVY_CHECKS_BUNDLE_REPOSITORY"
];
var GRYPE_ENV = {
  prefix: "GRYPE_",
  passes: /^GRYPE_(DB_CA_CERT|REGISTRY_[A-Z0-9_]+|LOG_(LEVEL|FILE))$/
};
var MAX_OUTPUT_BYTES = 16 * 1024 * 1024;
function downloadOnce(run, request) {
  return request.name === "grype-db" ? updateGrype(run, request) : downloadTrivy(run, { ...request, name: request.name });
}
async function runIsolated(run, executable, args, isolation) {
  const cwd = join5(isolation.dir, "cwd");
  await mkdir2(cwd, { recursive: true });
  for (const [path3, content] of Object.entries(isolation.inputs ?? {})) await writeFile2(path3, content);
  const withheld = [
    ...withheldEnvironment({ ownEnv: isolation.ownEnv, ...isolation.env ? { env: isolation.env } : {} }),
    ...DOWNLOAD_STOPPERS.filter((name) => process.env[name] !== void 0)
  ];
  const start = () => runProcess(executable, {
    args,
    cwd,
    ...isolation.env ? { env: isolation.env } : {},
    withoutEnv: withheld,
    timeoutMs: run.timeoutMs,
    signal: run.signal,
    maxOutputBytes: MAX_OUTPUT_BYTES
  });
  return run.limit ? run.limit(start) : start();
}
function stoppedDownload(run, res) {
  const failure = processFailure(res);
  switch (failure?.kind) {
    case "aborted":
      return { class: "failed", detail: "the run was interrupted" };
    case "timedOut":
      return { class: "timeout", detail: `no result within ${formatDuration(run.timeoutMs)} (--timeout)` };
    case "outputExceeded":
      return { class: "failed", detail: `printed too much on ${failure.stream}` };
    case "signal":
      return { class: "failed", detail: `killed by ${failure.signal}` };
    default:
      return void 0;
  }
}
async function inStaging(run, name, work) {
  const staging = await run.store.staging(name);
  try {
    return await work(staging);
  } finally {
    await rm2(staging, { recursive: true, force: true }).catch(() => void 0);
  }
}
function downloadTrivy(run, request) {
  const { name, executable, source: repository, toolVersion: toolVersion2 } = request;
  return inStaging(run, name, async (staging) => {
    if (name === "trivy-checks") await mkdir2(join5(staging, "empty"), { recursive: true });
    const own = join5(staging, "run");
    await mkdir2(own, { recursive: true });
    const isolation = trivyIsolation(own, name === "trivy-checks" ? "config" : "image");
    const res = await runIsolated(
      run,
      executable,
      [...trivyDownloadArgs(name, staging, repository, toolVersion2), ...isolation.args],
      { dir: own, ownEnv: isolation.ownEnv, inputs: isolation.inputs }
    );
    const stopped = stoppedDownload(run, res);
    if (stopped) return { ok: false, failure: stopped };
    const downloaded = join5(staging, TRIVY_CACHE_SUBDIR[name]);
    if (res.exitCode !== 0 || name === "trivy-checks" && !(await readTrivyContents(name, downloaded)).ok) {
      if (res.exitCode === 0 && !/\bERROR\b|error/.test(res.stderr))
        return { ok: false, failure: { class: "corrupt", detail: "no checks bundle was written" } };
      return { ok: false, failure: classifyTrivyFailure(res.stderr, res.exitCode) };
    }
    const contents = await readTrivyContents(name, downloaded);
    if (!contents.ok) return { ok: false, failure: { class: "corrupt", detail: contents.problem } };
    const gen = await run.store.install(
      name,
      downloaded,
      {
        source: repository,
        ...toolVersion2 ? { toolVersion: toolVersion2 } : {},
        checkedAt: new Date(run.clock.now()).toISOString()
      },
      run.clock.now()
    );
    return { ok: true, value: { gen, downloaded: true } };
  });
}
function updateGrype(run, request) {
  const { executable, source: url, toolVersion: toolVersion2, current } = request;
  return inStaging(run, "grype-db", async (staging) => {
    const seeded = current !== void 0 && current.record.toolVersion === toolVersion2 ? current : void 0;
    const dbRoot = join5(staging, "db");
    if (seeded) await seedGrype(seeded.dir, dbRoot);
    const own = { dir: join5(staging, "run"), ownEnv: GRYPE_ENV };
    const update = await runIsolated(run, executable, ["db", "update"], {
      ...own,
      env: grypeDatabaseEnv(dbRoot, run.maxAgeMs, url)
    });
    const stopped = stoppedDownload(run, update);
    if (stopped) return { ok: false, failure: stopped };
    if (update.exitCode !== 0) return { ok: false, failure: classifyGrypeFailure(update.stderr) };
    const status = await grypeStatusOf(run, executable, own, dbRoot);
    if (!status.ok) return status;
    const checkedAt = new Date(run.clock.now()).toISOString();
    const previous = seeded ? grypeStatusSchema.safeParse(seeded.record.status) : void 0;
    const updated = grypeUpdated(update.stdout) ?? !(previous?.success && previous.data.built === status.value.built);
    if (seeded && !updated) {
      const record2 = { ...seeded.record, checkedAt };
      await run.store.writeRecord("grype-db", record2);
      return { ok: true, value: { gen: { record: record2, dir: seeded.dir }, downloaded: false } };
    }
    const gen = await run.store.install(
      "grype-db",
      dbRoot,
      { source: url, ...toolVersion2 ? { toolVersion: toolVersion2 } : {}, checkedAt, status: status.value },
      run.clock.now()
    );
    return { ok: true, value: { gen, downloaded: true } };
  });
}
async function grypeStatusOf(run, executable, own, dbRoot) {
  const statusRun = await runIsolated(run, executable, ["db", "status", "-o", "json"], {
    ...own,
    env: grypeDatabaseEnv(dbRoot, run.maxAgeMs)
  });
  const stopped = stoppedDownload(run, statusRun);
  if (stopped) return { ok: false, failure: stopped };
  const status = parseGrypeStatus(statusRun.stdout);
  if (!status)
    return { ok: false, failure: { class: "corrupt", detail: "grype db status printed no status" } };
  if (!status.valid)
    return { ok: false, failure: { class: "corrupt", detail: oneLine(status.error ?? "invalid") } };
  return { ok: true, value: status };
}
async function seedGrype(generation, root) {
  await mkdir2(join5(root, GRYPE_MODEL_DIR), { recursive: true });
  for (const file of ["vulnerability.db", "import.json"]) {
    await link(join5(generation, GRYPE_MODEL_DIR, file), join5(root, GRYPE_MODEL_DIR, file)).catch(
      () => void 0
    );
  }
}

// src/databases/fallback.ts
var DATABASE_TITLES = {
  ...TRIVY_DATABASE_TITLE,
  "grype-db": "grype vulnerability database"
};
function decideFallback(input) {
  const words = input.wording ?? CLI_WORDING;
  const title = DATABASE_TITLES[input.name];
  const max = formatMaxAge(input.maxAgeMs);
  const why = input.offline ? `${words.offline} forbids downloading` : `every download failed (${input.failures ?? "no source"})`;
  const remedy = input.offline ? `${words.runOnline}, or ${words.restoreCache}` : `name a reachable mirror with ${words.source[input.name]}, or ${words.fillCache}`;
  if (!input.cached) {
    return {
      use: false,
      reason: `${title} unavailable: ${why} and none is cached in ${input.cacheDir} \u2014 ${remedy}`
    };
  }
  if (input.cached.problem !== void 0) {
    return {
      use: false,
      reason: `${title} unavailable: ${why} and the cached one cannot be used (${input.cached.problem}) \u2014 ${remedy}`
    };
  }
  const age = input.now - input.cached.basis;
  if (!Number.isFinite(age)) {
    return {
      use: false,
      reason: `${title} unavailable: ${why} and the cached one has no build time to bound its age \u2014 ${remedy}`
    };
  }
  if (age > input.maxAgeMs) {
    return {
      use: false,
      reason: `${title} unavailable: ${why} and the cached one was built ${formatDuration(age)} ago, over ${words.maxAge} ${max} \u2014 raise ${words.maxAge}, or ${remedy}`
    };
  }
  const used = `the cached one, built ${formatDuration(Math.max(0, age))} ago (within ${words.maxAge} ${max}), was used`;
  return {
    use: true,
    warning: input.offline ? `${title}: ${words.offline}: not checked for a newer one; ${used}` : `${title}: every download failed (${input.failures}); ${used}`
  };
}
function formatMaxAge(ms) {
  return ms > 0 && ms % 36e5 === 0 ? `${ms / 36e5}h` : formatDuration(ms);
}

// src/databases/inspect.ts
var usable = (looked) => looked !== void 0 && "gen" in looked;
function inspectGeneration(name, gen, toolVersion2, clock) {
  return name === "grype-db" ? inspectGrype(gen, toolVersion2, clock) : inspectTrivy(name, gen, toolVersion2, clock);
}
function sameTool(gen, toolVersion2) {
  return !gen.record.toolVersion || !toolVersion2 || gen.record.toolVersion === toolVersion2;
}
async function inspectTrivy(name, gen, toolVersion2, clock) {
  const contents = await readTrivyContents(name, gen.dir);
  if (!contents.ok) return { problem: contents.problem };
  const metadata = contents.metadata;
  return {
    gen,
    basis: trivyAgeBasis(name, metadata),
    fresh: sameTool(gen, toolVersion2) && trivyIsFresh(name, metadata, clock.now()),
    record: (fromCache, warning) => trivyReportRecord(name, metadata, gen.record.source, fromCache, warning)
  };
}
async function inspectGrype(gen, toolVersion2, clock) {
  const status = grypeStatusSchema.safeParse(gen.record.status);
  if (!status.success) return { problem: "its record holds no grype db status" };
  if (!status.data.valid)
    return { problem: `grype called it invalid: ${status.data.error ?? "no reason given"}` };
  return {
    gen,
    basis: Date.parse(status.data.built ?? ""),
    fresh: sameTool(gen, toolVersion2) && grypeIsFresh(gen.record.checkedAt, clock.now()),
    record: (fromCache, warning) => grypeReportRecord(status.data, gen.record.checkedAt, gen.record.source, fromCache, warning)
  };
}

// src/databases/store.ts
import { randomBytes } from "node:crypto";
import { link as link2, mkdir as mkdir3, open as open2, readdir as readdir3, readFile as readFile3, rename, rm as rm3, stat as stat3, symlink, unlink } from "node:fs/promises";
import { hostname } from "node:os";
import { join as join6, relative as relative2 } from "node:path";
var recordSchema = external_exports.object({
  generation: external_exports.string().regex(/^[\w.-]+$/),
  source: external_exports.string(),
  toolVersion: external_exports.string().optional(),
  /** The last successful download or update check. */
  checkedAt: external_exports.string(),
  /** `grype db status -o json` of this generation, as Grype printed it. */
  status: external_exports.unknown().optional()
});
var POLL_MS = 250;
var STALE_MS = 24 * 36e5;
var DatabaseStore = class {
  constructor(root) {
    this.root = root;
  }
  root;
  owner = `${sanitise(hostname())}-${process.pid}`;
  dirOf(name) {
    return join6(this.root, name);
  }
  recordPath(name) {
    return join6(this.dirOf(name), "record.json");
  }
  /** The current generation, or undefined when there is none (or its record or directory is not usable). */
  async current(name) {
    const text5 = await readFile3(this.recordPath(name), "utf8").catch(() => void 0);
    if (text5 === void 0) return void 0;
    let record2;
    try {
      record2 = recordSchema.parse(JSON.parse(text5));
    } catch {
      return void 0;
    }
    const dir = join6(this.dirOf(name), record2.generation);
    const isDir = await stat3(dir).then(
      (s) => s.isDirectory(),
      () => false
    );
    return isDir ? { record: record2, dir } : void 0;
  }
  /** A fresh directory for one download, on the cache's file system so that installing it is a rename. */
  async staging(name) {
    const dir = join6(this.root, ".staging", `${name}-${this.owner}-${randomBytes(4).toString("hex")}`);
    await mkdir3(dir, { recursive: true });
    return dir;
  }
  /**
   * Renames a checked download into place as the new current generation and deletes the ones before it: a run that
   * read them holds hard links of its own (`View`).
   */
  async install(name, staged, record2, now) {
    const generation = `${new Date(now).toISOString().replace(/[-:]/g, "").replace(/\.\d+Z$/, "Z")}-${randomBytes(4).toString("hex")}`;
    const dir = join6(this.dirOf(name), generation);
    await mkdir3(this.dirOf(name), { recursive: true });
    await rename(staged, dir);
    const full = { ...record2, generation };
    await this.writeRecord(name, full);
    await this.prune(name, generation);
    return { record: full, dir };
  }
  /** The same generation, checked again (a newer database was not available, or this one is still fresh). */
  async writeRecord(name, record2) {
    await writeFileAtomic(
      this.recordPath(name),
      `${JSON.stringify(record2, null, 2)}
`,
      "database cache record"
    );
  }
  async prune(name, keep) {
    for (const entry of await readdir3(this.dirOf(name)).catch(() => [])) {
      if (entry === keep || entry === "record.json" || entry.startsWith(".")) continue;
      await rm3(join6(this.dirOf(name), entry), { recursive: true, force: true }).catch(() => void 0);
    }
  }
  /**
   * Runs `work` holding `<root>/.locks/<name>.lock` (an exclusively created file naming its holder). A lock whose
   * holder is gone (its process on this host no longer exists, or it is a day old) is taken over; a live holder is
   * waited for, at most `waitMs`, after which the work goes ahead without the lock (safe: installs are atomic).
   */
  async withLock(name, options, work) {
    const file = join6(this.root, ".locks", `${name}.lock`);
    await mkdir3(join6(this.root, ".locks"), { recursive: true });
    const mine = {
      pid: process.pid,
      host: hostname(),
      since: new Date(options.clock.now()).toISOString()
    };
    const text5 = `${JSON.stringify(mine)}
`;
    const started = options.clock.now();
    let told = false;
    let held = false;
    for (; ; ) {
      try {
        const handle = await open2(file, "wx");
        await handle.writeFile(text5);
        await handle.close();
        held = true;
        break;
      } catch (error) {
        if (error.code !== "EEXIST") throw error;
      }
      const holder = await readHolder(file);
      if (await isStale(file, holder, options.clock.now())) {
        await unlink(file).catch(() => void 0);
        continue;
      }
      if (!told) {
        told = true;
        options.onWait?.(holder);
      }
      if (options.clock.now() - started >= options.waitMs || options.signal?.aborted) {
        options.onGiveUp?.(holder);
        break;
      }
      await options.clock.sleep(POLL_MS, options.signal);
    }
    try {
      return await work();
    } finally {
      if (held) {
        const still = await readFile3(file, "utf8").catch(() => void 0);
        if (still === text5) await unlink(file).catch(() => void 0);
      }
    }
  }
  /** A run's private set of hard links to the generations it reads. */
  async openView() {
    const dir = join6(this.root, ".views", `${this.owner}-${randomBytes(4).toString("hex")}`);
    await mkdir3(dir, { recursive: true });
    return new View(dir);
  }
  /** Removes what dead processes left behind: staging directories and views (never a current generation). */
  async sweep(now) {
    for (const area of [".staging", ".views"]) {
      const base = join6(this.root, area);
      for (const entry of await readdir3(base).catch(() => [])) {
        const path3 = join6(base, entry);
        if (await isAbandoned(path3, entry, now))
          await rm3(path3, { recursive: true, force: true }).catch(() => void 0);
      }
    }
  }
};
var View = class {
  constructor(dir) {
    this.dir = dir;
  }
  dir;
  linked = /* @__PURE__ */ new Map();
  /** The run's copy of a generation (hard links; a symlink to it where the file system has no hard links). */
  async link(name, generationDir) {
    const existing = this.linked.get(name);
    if (existing) return existing;
    const target = join6(this.dir, name);
    try {
      await linkTree(generationDir, target);
    } catch (error) {
      const code = error.code;
      if (code !== "EXDEV" && code !== "EPERM" && code !== "ENOTSUP" && code !== "EMLINK") throw error;
      await rm3(target, { recursive: true, force: true });
      await symlink(generationDir, target, "junction");
    }
    this.linked.set(name, target);
    return target;
  }
  async close() {
    await rm3(this.dir, { recursive: true, force: true }).catch(() => void 0);
  }
};
async function linkTree(from, to) {
  await mkdir3(to, { recursive: true });
  for (const entry of await readdir3(from, { withFileTypes: true })) {
    const source = join6(from, entry.name);
    const target = join6(to, entry.name);
    if (entry.isDirectory()) await linkTree(source, target);
    else if (entry.isFile()) await link2(source, target);
  }
}
async function readHolder(file) {
  try {
    const value = JSON.parse(await readFile3(file, "utf8"));
    return typeof value.pid === "number" && typeof value.host === "string" ? value : void 0;
  } catch {
    return void 0;
  }
}
async function isStale(file, holder, now) {
  const modified = await stat3(file).then(
    (s) => s.mtimeMs,
    () => void 0
  );
  if (modified === void 0) return false;
  if (!holder) return now - modified > 6e4;
  if (holder.host === hostname() && !isAlive(holder.pid)) return true;
  return now - modified > STALE_MS;
}
async function isAbandoned(path3, entry, now) {
  const match = /-(\d+)-[0-9a-f]{8}$/.exec(entry);
  const host = sanitise(hostname());
  if (match && entry.includes(`${host}-${match[1]}-`) && !isAlive(Number(match[1]))) return true;
  const modified = await stat3(path3).then(
    (s) => s.mtimeMs,
    () => now
  );
  return now - modified > STALE_MS;
}
function isAlive(pid) {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return error.code === "EPERM";
  }
}
function sanitise(value) {
  return value.replace(/[^\w.]+/g, "_").slice(0, 64) || "host";
}

// src/databases/steps.ts
var ATTEMPTS_PER_SOURCE = 3;
function createDatabaseSteps(ctx) {
  const store = new DatabaseStore(ctx.settings.cacheDir);
  const run = {
    ctx,
    store,
    downloads: {
      store,
      clock: ctx.clock,
      timeoutMs: ctx.timeoutMs,
      signal: ctx.signal,
      limit: ctx.limit,
      maxAgeMs: ctx.settings.maxAgeMs
    },
    outcomes: /* @__PURE__ */ new Map()
  };
  return {
    get: (name) => outcomeOf(run, name),
    isCached: async (name) => await store.current(name) !== void 0,
    trivyCacheDir,
    grypeEnv: (dir) => grypeDatabaseEnv(dir, ctx.settings.maxAgeMs),
    async close() {
      await Promise.allSettled([...run.outcomes.values()]);
      if (run.view) await (await run.view).close();
    }
  };
}
function outcomeOf(run, name) {
  let outcome = run.outcomes.get(name);
  if (!outcome) {
    outcome = ensure(run, name).catch(
      (error) => ({
        ready: false,
        name,
        reason: `${DATABASE_TITLES[name]} unavailable: ${oneLine(errorMessage(error))}`
      })
    );
    run.outcomes.set(name, outcome);
  }
  return outcome;
}
async function trivyCacheDir(dir, ready) {
  await rm4(dir, { recursive: true, force: true });
  await mkdir4(dir, { recursive: true });
  for (const outcome of ready) {
    if (!outcome.ready || outcome.name === "grype-db") continue;
    await symlink2(outcome.dir, join7(dir, TRIVY_CACHE_SUBDIR[outcome.name]), "junction");
  }
  return dir;
}
async function ensure(run, name) {
  const tool = name === "grype-db" ? "grype" : "trivy";
  const executable = run.ctx.executables[tool];
  const title = DATABASE_TITLES[name];
  if (!executable) return { ready: false, name, reason: `${title} unavailable: ${tool} is not at hand` };
  run.swept ??= run.store.sweep(run.ctx.clock.now()).catch(() => void 0);
  await run.swept;
  const wanted = { name, title, executable, toolVersion: await run.ctx.toolVersion(tool) };
  const decided = await underLock(run, wanted, () => decide(run, wanted));
  if (!decided.use) return unavailable(run, name, decided.reason);
  return useGeneration(run, wanted, decided);
}
function underLock(run, wanted, work) {
  const { ctx, store } = run;
  return store.withLock(
    wanted.name,
    {
      clock: ctx.clock,
      signal: ctx.signal,
      waitMs: ctx.timeoutMs,
      onWait: (holder) => ctx.info(
        `${wanted.title}: waiting for another container-gate process${holder ? ` (pid ${holder.pid} on ${holder.host})` : ""} that is fetching it into ${ctx.settings.cacheDir}`
      ),
      onGiveUp: () => ctx.info(`${wanted.title}: the other process still holds the cache lock; going ahead without it`)
    },
    work
  );
}
async function decide(run, wanted) {
  await restoreSaved(run, wanted);
  const current = await run.store.current(wanted.name);
  const looked = current ? await inspectGeneration(wanted.name, current, wanted.toolVersion, run.ctx.clock) : void 0;
  if (usable(looked) && looked.fresh) return useCurrent(run, wanted, looked);
  const fetched = run.ctx.settings.offline ? void 0 : await download(run, wanted, current);
  if (fetched && "inspected" in fetched) return { use: true, ...fetched };
  return fallBack(run, wanted, looked, fetched?.failures);
}
async function restoreSaved(run, wanted) {
  const { cache } = run.ctx;
  if (!cache || await run.store.current(wanted.name)) return;
  await cache.restore(wanted.name, run.store.dirOf(wanted.name)).catch(
    (error) => run.ctx.warn(`${wanted.title}: the saved cache was not restored: ${oneLine(String(error))}`)
  );
}
function useCurrent(run, wanted, cached) {
  const built = Number.isFinite(cached.basis) ? `, built ${formatDuration(run.ctx.clock.now() - cached.basis)} ago` : "";
  run.ctx.info(`${wanted.title}: the cached one is current${built}; not downloaded again`);
  return { use: true, inspected: cached, downloaded: false };
}
async function download(run, wanted, current) {
  const { ctx } = run;
  const { name, executable, toolVersion: toolVersion2 } = wanted;
  const outcome = await trySources({
    what: wanted.title,
    sources: ctx.settings.sources[name],
    attemptsPerSource: ATTEMPTS_PER_SOURCE,
    maxWaitMs: ctx.settings.maxWaitMs,
    clock: ctx.clock,
    signal: ctx.signal,
    say: ctx.info,
    attempt: (source) => downloadOnce(run.downloads, { name, executable, source, toolVersion: toolVersion2, current })
  });
  if (!outcome.value) return { failures: describeFailures(outcome.failures) || "no source to try" };
  const installed = await inspectGeneration(name, outcome.value.gen, toolVersion2, ctx.clock);
  if (usable(installed)) return { inspected: installed, downloaded: outcome.value.downloaded };
  return { failures: `${outcome.source}: the installed copy cannot be read (${installed.problem})` };
}
function fallBack(run, wanted, looked, failures) {
  const { settings, clock } = run.ctx;
  const decision = decideFallback({
    name: wanted.name,
    ...looked ? { cached: usable(looked) ? { basis: looked.basis } : { problem: looked.problem } } : {},
    now: clock.now(),
    maxAgeMs: settings.maxAgeMs,
    offline: settings.offline,
    ...failures ? { failures } : {},
    cacheDir: run.store.dirOf(wanted.name),
    ...settings.wording ? { wording: settings.wording } : {}
  });
  if (!decision.use || !usable(looked))
    return { use: false, reason: decision.use ? `${wanted.title} unavailable` : decision.reason };
  return {
    use: true,
    inspected: looked,
    downloaded: false,
    ...decision.warning ? { warning: decision.warning } : {}
  };
}
async function useGeneration(run, wanted, decided) {
  const { name } = wanted;
  if (decided.warning) run.ctx.warn(decided.warning);
  const database = decided.inspected.record(!decided.downloaded, decided.warning);
  if (decided.downloaded) run.ctx.cache?.save(name, run.store.dirOf(name), database);
  let dir;
  try {
    dir = await linkIntoView(run, name, decided.inspected.gen);
  } catch (error) {
    return linkNewerGeneration(run, wanted, error);
  }
  return { ready: true, name, dir, database };
}
async function linkNewerGeneration(run, wanted, error) {
  const { name } = wanted;
  if (error.code !== "ENOENT") throw error;
  const again = await run.store.current(name);
  if (!again) throw error;
  const inspected = await inspectGeneration(name, again, wanted.toolVersion, run.ctx.clock);
  if (!usable(inspected)) throw error;
  return { ready: true, name, dir: await linkIntoView(run, name, again), database: inspected.record(true) };
}
async function linkIntoView(run, name, gen) {
  run.view ??= run.store.openView();
  return (await run.view).link(name, gen.dir);
}
function unavailable(run, name, reason) {
  return name === "trivy-checks" ? embeddedChecks(run, reason) : { ready: false, name, reason };
}
function embeddedChecks(run, reason) {
  const warning = `${reason}; trivy config uses the checks embedded in trivy`;
  run.ctx.warn(warning);
  return {
    ready: false,
    name: "trivy-checks",
    reason,
    database: { name: "trivy-checks", tool: "trivy", source: "embedded", fromCache: false, warning }
  };
}

// src/image/rescan.ts
import { createHash } from "node:crypto";
import { readFile as readFile4 } from "node:fs/promises";
import { join as join8 } from "node:path";

// src/image/platforms.ts
var Descriptor = external_exports.looseObject({
  digest: external_exports.string(),
  platform: external_exports.looseObject({ os: external_exports.string(), architecture: external_exports.string(), variant: external_exports.string().optional() }).optional(),
  annotations: external_exports.record(external_exports.string(), external_exports.string()).optional()
});
var Index = external_exports.looseObject({ manifests: external_exports.array(Descriptor) });
var SingleManifest = external_exports.union([
  external_exports.looseObject({ config: external_exports.looseObject({ digest: external_exports.string() }) }),
  external_exports.looseObject({ schemaVersion: external_exports.literal(1) })
]);
async function listIndexPlatforms(target, opts = {}) {
  if (target.kind !== "reference") return { platforms: [], unscanned: [] };
  const raw = await runSkopeoInspect(target, { ...opts, raw: true });
  const platforms = platformsFromManifest(raw, target.display);
  const unscanned = unscannedImages(raw, platforms);
  return platforms.length > 0 && unscanned.length === 0 ? { indexDigest: manifestDigest(raw), platforms, unscanned } : { platforms, unscanned };
}
function unscannedImages(raw, platforms) {
  let json;
  try {
    json = JSON.parse(raw);
  } catch {
    return [];
  }
  const index = Index.safeParse(json);
  if (!index.success) return [];
  const scanned = new Set(platforms.map((p) => p.digest));
  return index.data.manifests.filter((entry) => !notAnImage(entry) && !scanned.has(entry.digest)).map((entry) => entry.digest);
}
function notAnImage(entry) {
  const p = entry.platform;
  return entry.annotations?.["vnd.docker.reference.type"] === "attestation-manifest" || p !== void 0 && (p.os === "unknown" || p.architecture === "unknown");
}
function platformsFromManifest(raw, display) {
  let json;
  try {
    json = JSON.parse(raw);
  } catch (error) {
    throw new RunError(
      `list platforms of ${display}: the registry's manifest is not JSON \u2014 check the reference`,
      { cause: error }
    );
  }
  const index = Index.safeParse(json);
  if (!index.success) {
    if (SingleManifest.safeParse(json).success) return [];
    throw new RunError(
      `list platforms of ${display}: neither an image index nor an image manifest \u2014 check the reference`
    );
  }
  const seen = /* @__PURE__ */ new Map();
  for (const entry of index.data.manifests) {
    const p = entry.platform;
    if (!p || notAnImage(entry)) continue;
    const platform = [p.os, p.architecture, ...p.variant ? [p.variant] : []].join("/");
    if (!seen.has(platform)) seen.set(platform, { platform, digest: entry.digest });
  }
  return [...seen.values()].sort((a, b) => a.platform < b.platform ? -1 : a.platform > b.platform ? 1 : 0);
}
var PLATFORM = /^([a-z0-9]+)\/([a-z0-9_]+)(?:\/([a-z0-9]+))?$/;
function parsePlatform(platform) {
  const match = PLATFORM.exec(platform);
  if (!match)
    throw new UsageError(
      `--platform ${JSON.stringify(platform)}: expected os/arch or os/arch/variant, e.g. linux/arm64`
    );
  const [, os, architecture, variant] = match;
  return { os, architecture, ...variant ? { variant } : {} };
}

// src/image/sbom-target.ts
import { open as open3 } from "node:fs/promises";
import { basename } from "node:path";
var MAX_SBOM_BYTES = 256 * 1024 * 1024;
var FORMAT_NAMES = {
  "cyclonedx-json": "CycloneDX JSON",
  "spdx-json": "SPDX JSON",
  "syft-json": "syft-json"
};
function sbomFormatName(format) {
  return FORMAT_NAMES[format];
}
async function readSbomTarget(target, warn = () => {
}) {
  const path3 = target.path ?? "";
  const text5 = await readSbomFile(target.display, path3);
  const described = describeSbom(text5, target.display);
  if (listsNoPackages({ format: described.format, content: text5 })) warn(noPackagesWarning(target.display));
  const fromSubject = described.subject ? parseImageReference(described.subject) : void 0;
  const name = fromSubject?.name ?? described.subject ?? fileStem(path3);
  return {
    ...target,
    name,
    sbomFormat: described.format,
    ...described.digest ? { digest: described.digest } : {}
  };
}
function listsNoPackages(doc) {
  try {
    return countSbomPackages(doc) === 0;
  } catch {
    return false;
  }
}
function noPackagesWarning(what) {
  return `${what}: lists no packages, so its scan finds nothing whatever today's advisories say \u2014 if the image has packages, this SBOM was not made from it`;
}
async function readSbomFile(display, path3) {
  let handle;
  try {
    handle = await open3(path3, "r");
    const info = await handle.stat();
    if (!info.isFile()) throw new UsageError(`${display}: not a file \u2014 give the path of an SBOM file`);
    if (info.size > MAX_SBOM_BYTES) {
      throw new UsageError(
        `${display}: ${Math.round(info.size / 1024 / 1024)} MiB, over the ${MAX_SBOM_BYTES / 1024 / 1024} MiB an SBOM may have`
      );
    }
    return await handle.readFile("utf8");
  } catch (error) {
    if (error instanceof UsageError) throw error;
    const code = error.code;
    throw new UsageError(
      code === "ENOENT" ? `${display}: file not found \u2014 check the path of the SBOM` : `${display}: cannot read the SBOM (${oneLine(errorMessage(error))})`,
      { cause: error }
    );
  } finally {
    await handle?.close();
  }
}
var SHA256 = /^sha256:[0-9a-f]{64}$/;
function describeSbom(text5, display) {
  let doc;
  try {
    doc = JSON.parse(text5);
  } catch (error) {
    throw new UsageError(
      `${display}: not JSON \u2014 container-gate reads CycloneDX JSON, SPDX JSON and syft-json SBOMs (not XML or tag-value)`,
      { cause: error }
    );
  }
  if (isRecord(doc)) {
    if (doc.bomFormat === "CycloneDX") return cycloneDxSubject(doc);
    if (typeof doc.spdxVersion === "string" && doc.SPDXID === "SPDXRef-DOCUMENT") return spdxSubject(doc);
    if (Array.isArray(doc.artifacts) && isRecord(doc.descriptor) && isRecord(doc.source))
      return syftSubject(doc);
  }
  throw new UsageError(
    `${display}: not a CycloneDX JSON, SPDX JSON or syft-json SBOM \u2014 give an SBOM written by Syft, Trivy or another SBOM tool`
  );
}
function cycloneDxSubject(doc) {
  const component = record(record(doc.metadata)?.component);
  const properties = Array.isArray(component?.properties) ? component.properties.filter(isRecord) : [];
  const repoDigest = properties.find((p) => p.name === "aquasecurity:trivy:RepoDigest")?.value;
  return {
    format: "cyclonedx-json",
    ...subjectAndDigest(text2(component?.name), [
      digestAfterAt(text2(repoDigest)),
      ociPurlDigest(text2(component?.purl)),
      text2(component?.version)
    ])
  };
}
function spdxSubject(doc) {
  const packages = Array.isArray(doc.packages) ? doc.packages.filter(isRecord) : [];
  const described = new Set(Array.isArray(doc.documentDescribes) ? doc.documentDescribes : []);
  for (const relation of Array.isArray(doc.relationships) ? doc.relationships.filter(isRecord) : []) {
    if (relation.spdxElementId === "SPDXRef-DOCUMENT" && relation.relationshipType === "DESCRIBES")
      described.add(relation.relatedSpdxElement);
  }
  const subject = packages.find((p) => described.has(p.SPDXID));
  const purls = (Array.isArray(subject?.externalRefs) ? subject.externalRefs.filter(isRecord) : []).filter((ref) => ref.referenceType === "purl").map((ref) => ociPurlDigest(text2(ref.referenceLocator)));
  return {
    format: "spdx-json",
    ...subjectAndDigest(text2(subject?.name) ?? text2(doc.name), [...purls, text2(subject?.versionInfo)])
  };
}
function syftSubject(doc) {
  const source = record(doc.source);
  const meta = record(source?.metadata) ?? record(source?.target);
  const repoDigests = Array.isArray(meta?.repoDigests) ? meta.repoDigests : [];
  return {
    format: "syft-json",
    ...subjectAndDigest(text2(meta?.userInput) ?? text2(source?.name), [
      ...repoDigests.map((d) => digestAfterAt(text2(d))),
      text2(meta?.manifestDigest),
      text2(source?.version)
    ])
  };
}
function subjectAndDigest(subject, digests) {
  const digest = digests.find((d) => d !== void 0 && SHA256.test(d));
  return { ...subject ? { subject } : {}, ...digest ? { digest } : {} };
}
function digestAfterAt(value) {
  return value?.includes("@") ? value.slice(value.lastIndexOf("@") + 1) : void 0;
}
function ociPurlDigest(purl) {
  const match = purl ? /^pkg:oci\/[^@]+@([^?#]+)/i.exec(purl) : void 0;
  if (!match) return void 0;
  try {
    return decodeURIComponent(match[1]);
  } catch {
    return void 0;
  }
}
function fileStem(path3) {
  return basename(path3).replace(/(\.(cdx|spdx|syft))?\.json$/i, "") || "sbom";
}
function isRecord(value) {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
function record(value) {
  return isRecord(value) ? value : void 0;
}
function text2(value) {
  return typeof value === "string" && value.trim() !== "" ? value.trim() : void 0;
}

// src/image/rescan.ts
var SHA2562 = /^sha256:[0-9a-f]{64}$/;
function rescanTargets(images, policy) {
  if (images.length === 0)
    throw new UsageError("rescan: name the deployed images to re-scan, e.g. ghcr.io/acme/api@sha256:\u2026");
  const targets = /* @__PURE__ */ new Map();
  for (const image of images) {
    if (/^(oci-archive|docker-archive|sbom):/.test(image))
      throw new UsageError(
        `image ${JSON.stringify(image)}: rescan reads the SBOM attested to a registry image \u2014 pass name@sha256:\u2026; scan an SBOM file with scan sbom:<file>`
      );
    const parsed = parseImageReference(image);
    if (!parsed)
      throw new UsageError(
        `image ${JSON.stringify(image)}: not an image reference \u2014 pass name@sha256:<digest>, the digest that is deployed`
      );
    if (parsed.digest && !SHA2562.test(parsed.digest))
      throw new UsageError(`${image}: the digest must be sha256:<64 lower-case hex digits>`);
    if (!parsed.digest && !policy.resolveDigest)
      throw new UsageError(
        `${image}: re-scan by digest \u2014 pass name@sha256:\u2026, the digest that is deployed (the CLI's --resolve-digest re-scans what the tag points to now)`
      );
    if (targets.has(image)) continue;
    targets.set(image, {
      display: image,
      name: parsed.name,
      kind: "sbom",
      reference: image,
      attested: true,
      ...parsed.digest ? { digest: parsed.digest } : {}
    });
  }
  return [...targets.values()];
}
var signing = async () => {
  const [attested, native, registry] = await Promise.all([
    import("./attested-sbom-5X3GXOYH.js"),
    import("./native-J3ZOGGMY.js"),
    import("./registry-6XHFJ3PH.js")
  ]);
  return { ...attested, ...native, ...registry };
};
async function expandAttestedTargets(targets, ctx) {
  const { RegistryClient, repositoryOf } = await signing();
  for (let i = targets.length - 1; i >= 0; i--) {
    const target = targets[i];
    const parsed = parseImageReference(target.reference ?? "");
    const client = new RegistryClient(repositoryOf(parsed.name), {
      ...ctx.insecureRegistry ? { insecure: true } : {},
      ...ctx.signal ? { signal: ctx.signal } : {}
    });
    let platforms;
    let unscanned;
    try {
      const manifest = await client.getManifest(parsed.digest ?? parsed.tag ?? "latest");
      if (!manifest) {
        target.attestation = { status: "error", reason: "not in the registry \u2014 check the name and digest" };
        continue;
      }
      target.digest = manifest.digest;
      platforms = platformsFromManifest(manifest.bytes.toString("utf8"), target.display);
      unscanned = unscannedImages(manifest.bytes.toString("utf8"), platforms);
    } catch (error) {
      if (error instanceof UsageError || ctx.signal?.aborted) throw error;
      target.attestation = { status: "error", reason: oneLine(errorMessage(error)) };
      continue;
    }
    const chosen = ctx.platform ? platforms.filter((p) => p.platform === ctx.platform) : platforms;
    if (ctx.platform && platforms.length > 0 && chosen.length === 0) {
      target.attestation = {
        status: "error",
        reason: `no ${ctx.platform} among its platforms (${platforms.map((p) => p.platform).join(", ")})`
      };
      continue;
    }
    if (chosen.length === 1 && (ctx.platform || unscanned.length > 0)) {
      const [only] = chosen;
      Object.assign(target, { platform: only.platform, digest: only.digest });
      continue;
    }
    if (chosen.length < 2) continue;
    ctx.info(
      `${target.display} is a multi-platform image: re-scanning the SBOM attested to each of ${chosen.map((p) => p.platform).join(", ")}`
    );
    targets.splice(
      i,
      1,
      ...chosen.map((p) => ({
        ...target,
        display: `${target.display} [${p.platform}]`,
        platform: p.platform,
        ...unscanned.length === 0 ? { indexDigest: target.digest } : {},
        digest: p.digest
      }))
    );
  }
}
async function rescanTrust(ctx) {
  const { trustOnce } = await signing();
  return { ...ctx, trust: trustOnce({ ...ctx.policy }) };
}
async function prepareAttestedTarget(target, ctx) {
  if (target.attestation) return target;
  const { fetchAttestedSbom, NoVerifiedSbom } = await signing();
  const reference = `${target.name}@${target.digest}`;
  const key = createHash("sha256").update(target.display).digest("hex").slice(0, 16);
  try {
    const sbom = await fetchAttestedSbom(reference, {
      ...ctx.policy,
      trust: ctx.trust,
      outFile: join8(ctx.workDir, `attested-sbom-${key}.json`),
      ...ctx.insecureRegistry ? { insecureRegistry: true } : {},
      ...ctx.signal ? { signal: ctx.signal } : {}
    });
    if (listsNoPackages({ format: sbom.format, content: await readFile4(sbom.file, "utf8") }))
      ctx.warn(noPackagesWarning(`${target.display}: its verified ${sbomFormatName(sbom.format)} SBOM`));
    ctx.info(
      `${target.display}: re-scanning the ${sbomFormatName(sbom.format)} SBOM attested by ${sbom.identity ?? "the given key"} (referrer ${sbom.referrer.slice(0, 19)}\u2026)`
    );
    const attestation = {
      status: "verified",
      predicateType: sbom.predicateType,
      referrer: sbom.referrer,
      ...sbom.identity ? { identity: sbom.identity } : {},
      ...sbom.issuer ? { issuer: sbom.issuer } : {}
    };
    return Object.assign(target, { path: sbom.file, sbomFormat: sbom.format, attestation });
  } catch (error) {
    if (error instanceof UsageError || ctx.signal?.aborted) throw error;
    if (error instanceof VerificationError) {
      const reason = error instanceof NoVerifiedSbom ? error.detail : oneLine(error.message);
      ctx.warn(
        `${target.display}: no verified SBOM attestation (${reason}) \u2014 not re-scanned, the gate fails`
      );
      return Object.assign(target, { attestation: { status: "unverified", reason } });
    }
    return Object.assign(target, {
      attestation: { status: "error", reason: oneLine(errorMessage(error)) }
    });
  }
}
function scannable(target) {
  return !target.attested || target.attestation?.status === "verified";
}
async function attestedSboms(targets) {
  const sboms = [];
  for (const target of targets) {
    if (!target.attested || target.attestation?.status !== "verified" || !target.path || !target.sbomFormat)
      continue;
    sboms.push({
      target: target.display,
      producer: "attestation",
      doc: { format: target.sbomFormat, content: await readFile4(target.path, "utf8") }
    });
  }
  return sboms;
}

// src/image/targets.ts
import { mkdir as mkdir7 } from "node:fs/promises";
import { dirname as dirname5 } from "node:path";

// src/image/archive.ts
import { open as open4 } from "node:fs/promises";
var BLOCK = 512;
var MAX_ENTRIES_PER_LAYER = 2e6;
var MAX_JSON_BYTES = 16 * 1024 * 1024;
var SPECIAL_BITS = 3072;
var DockerArchiveManifest = external_exports.array(external_exports.looseObject({ Config: external_exports.string(), Layers: external_exports.array(external_exports.string()).default([]) })).min(1);
async function readDockerArchive(path3) {
  let handle;
  try {
    handle = await open4(path3, "r");
    const { size: size2 } = await handle.stat();
    const entries = /* @__PURE__ */ new Map();
    for await (const entry of tarEntries(handle, 0, size2)) entries.set(normalise(entry.path), entry);
    const manifestEntry = entries.get("manifest.json");
    if (!manifestEntry) throw new RunError(`${path3}: no manifest.json \u2014 not a docker-archive`);
    const manifest = DockerArchiveManifest.safeParse(JSON.parse(await readText(handle, manifestEntry)));
    if (!manifest.success) throw new RunError(`${path3}: manifest.json is not a docker-archive manifest`);
    const image = manifest.data[0];
    const configEntry = entries.get(normalise(image.Config));
    if (!configEntry)
      throw new RunError(`${path3}: the config ${image.Config} named by manifest.json is missing`);
    const config = JSON.parse(await readText(handle, configEntry));
    const specialFiles = [];
    const notes = [];
    for (const layerName of image.Layers) {
      const layer = entries.get(normalise(layerName));
      if (!layer) throw new RunError(`${path3}: the layer ${layerName} named by manifest.json is missing`);
      const magic = Buffer.alloc(2);
      await handle.read(magic, 0, 2, layer.dataStart);
      if (magic[0] === 31 && magic[1] === 139) {
        notes.push(`layer ${layerName} is compressed: its setuid/setgid files were not listed`);
        continue;
      }
      let count = 0;
      for await (const file of tarEntries(handle, layer.dataStart, layer.dataStart + layer.size)) {
        if (++count > MAX_ENTRIES_PER_LAYER) {
          notes.push(`layer ${layerName} has over ${MAX_ENTRIES_PER_LAYER} entries: listing stopped there`);
          break;
        }
        if ((file.type === "0" || file.type === "\0") && (file.mode & SPECIAL_BITS) !== 0) {
          specialFiles.push({ path: `/${normalise(file.path)}`, mode: file.mode });
        }
      }
    }
    return { config, specialFiles, notes };
  } catch (error) {
    if (error instanceof RunError) throw error;
    throw new RunError(`${path3}: cannot read the image archive (${errorMessage(error)})`, { cause: error });
  } finally {
    await handle?.close();
  }
}
async function* tarEntries(handle, start, end) {
  const header = Buffer.alloc(BLOCK);
  let offset = start;
  let longName;
  let paxPath;
  while (offset + BLOCK <= end) {
    const { bytesRead } = await handle.read(header, 0, BLOCK, offset);
    if (bytesRead < BLOCK || header.every((byte) => byte === 0)) return;
    const name = cString(header, 0, 100);
    const prefix = header.toString("latin1", 257, 262) === "ustar" ? cString(header, 345, 155) : "";
    const size2 = numeric(header, 124, 12);
    const mode = numeric(header, 100, 8);
    const type = String.fromCharCode(header[156] ?? 0);
    const dataStart = offset + BLOCK;
    if (!Number.isSafeInteger(size2) || size2 < 0 || dataStart + size2 > end) {
      throw new RunError(`corrupt tar header at byte ${offset}`);
    }
    if (type === "L") {
      longName = cString(await readBytes(handle, dataStart, Math.min(size2, 64 * 1024)), 0, size2);
    } else if (type === "x") {
      paxPath = paxRecord(await readBytes(handle, dataStart, Math.min(size2, 1024 * 1024)), "path");
    } else if (type !== "g") {
      yield {
        path: paxPath ?? longName ?? (prefix ? `${prefix}/${name}` : name),
        mode,
        size: size2,
        type,
        dataStart
      };
      longName = void 0;
      paxPath = void 0;
    }
    offset = dataStart + Math.ceil(size2 / BLOCK) * BLOCK;
  }
}
function cString(buffer, start, length) {
  const slice = buffer.subarray(start, start + length);
  const nul = slice.indexOf(0);
  return slice.toString("utf8", 0, nul === -1 ? slice.length : nul);
}
function numeric(buffer, start, length) {
  const first = buffer[start] ?? 0;
  if (first & 128) {
    let value = first & 127;
    for (let i = start + 1; i < start + length; i++) value = value * 256 + (buffer[i] ?? 0);
    return value;
  }
  const text5 = cString(buffer, start, length).trim();
  return text5 === "" ? 0 : Number.parseInt(text5, 8);
}
function paxRecord(data, key) {
  const text5 = data.toString("utf8");
  let at3 = 0;
  while (at3 < text5.length) {
    const space = text5.indexOf(" ", at3);
    const length = Number.parseInt(text5.slice(at3, space), 10);
    if (!Number.isFinite(length) || length <= 0) return void 0;
    const record2 = text5.slice(space + 1, at3 + length - 1);
    const eq = record2.indexOf("=");
    if (record2.slice(0, eq) === key) return record2.slice(eq + 1);
    at3 += length;
  }
  return void 0;
}
async function readBytes(handle, position, length) {
  const buffer = Buffer.alloc(length);
  await handle.read(buffer, 0, length, position);
  return buffer;
}
async function readText(handle, entry) {
  if (entry.size > MAX_JSON_BYTES) throw new RunError(`${entry.path} is larger than 16 MiB`);
  return (await readBytes(handle, entry.dataStart, entry.size)).toString("utf8");
}
function normalise(path3) {
  return path3.replace(/^\.?\/+/, "");
}

// src/image/export.ts
import { mkdir as mkdir5, rm as rm5, stat as stat4 } from "node:fs/promises";
import { dirname as dirname3 } from "node:path";

// src/image/export-plan.ts
import { createHash as createHash2 } from "node:crypto";
import { join as join9 } from "node:path";
function exportFile(target, workDir, format) {
  const slug = target.name.replace(/[^A-Za-z0-9._-]+/g, "-").replace(/^-+|-+$/g, "").slice(0, 80) || "image";
  const hash = createHash2("sha256").update(`${target.display}\0${target.platform ?? ""}\0${format}`).digest("hex").slice(0, 12);
  return join9(workDir, "export", `${slug}-${hash}.${format === "oci-archive" ? "oci" : "docker"}.tar`);
}
function planExport(target, ctx) {
  const file = exportFile(target, ctx.workDir, ctx.format);
  if (target.kind === "docker-archive") return void 0;
  if (target.kind === "oci-archive") {
    if (ctx.format === "oci-archive" || !ctx.tools.skopeo) return void 0;
    requireNoColon(file);
    return {
      tool: "skopeo",
      file,
      kind: "docker-archive",
      args: ["copy", "--quiet", skopeoSource(target), `docker-archive:${file}`]
    };
  }
  const reference = target.reference ?? target.display;
  const built = ctx.builtWith;
  if (built === "buildah" && ctx.tools.buildah || built === "podman" && ctx.tools.podman) {
    requireNoColon(file);
    if (built === "buildah") {
      return {
        tool: "buildah",
        file,
        kind: ctx.format,
        args: ["push", "--quiet", "--", reference, destination(ctx.format, file, reference)]
      };
    }
    return {
      tool: "podman",
      file,
      kind: ctx.format,
      args: ["save", "--quiet", "--format", ctx.format, "--output", file, "--", reference]
    };
  }
  if (ctx.tools.docker && (built === "buildx" || ctx.inDockerDaemon)) {
    const dockerFile = exportFile(target, ctx.workDir, "docker-archive");
    return {
      tool: "docker",
      file: dockerFile,
      kind: "docker-archive",
      args: ["save", "--output", dockerFile, "--", reference]
    };
  }
  if (ctx.tools.skopeo) {
    requireNoColon(file);
    const args = [];
    if (target.platform) {
      const p = parsePlatform(target.platform);
      args.push(
        "--override-os",
        p.os,
        "--override-arch",
        p.architecture,
        ...p.variant ? ["--override-variant", p.variant] : []
      );
    }
    args.push("copy", "--quiet");
    if (ctx.insecureRegistry) args.push("--src-tls-verify=false");
    args.push(skopeoSource(target), destination(ctx.format, file, target.digest ? void 0 : reference));
    return { tool: "skopeo", file, kind: ctx.format, args };
  }
  return void 0;
}
function destination(format, file, reference) {
  const parsed = reference ? parseImageReference(reference) : void 0;
  if (format === "docker-archive" && parsed?.tag && !parsed.digest)
    return `docker-archive:${file}:${parsed.name}:${parsed.tag}`;
  return `${format}:${file}`;
}
function requireNoColon(file) {
  if (file.includes(":")) {
    throw new UsageError(
      `work dir ${JSON.stringify(file)}: contains ':' which skopeo and buildah read as a separator \u2014 choose a work dir without ':'`
    );
  }
}

// src/image/export.ts
var DEFAULT_EXPORT_TIMEOUT_MS = 30 * 60 * 1e3;
var DOCKER_PROBE_TIMEOUT_MS = 1e4;
var INSTALL_HINTS = {
  buildah: "install buildah (apt-get install buildah)",
  podman: "install podman (apt-get install podman)",
  docker: "start the Docker daemon, or pass --export never",
  skopeo: "install skopeo (apt-get install skopeo, brew install skopeo), or pass --export never"
};
async function exportImage(target, opts) {
  if (opts.mode === "never") return void 0;
  const format = opts.format ?? "docker-archive";
  if (target.kind !== "reference") {
    const existing = await archiveAsIs(target);
    if (target.kind === "docker-archive" || format === "oci-archive") return existing;
  }
  const tools = await availableTools(target, opts);
  const plan = planExport(target, {
    workDir: opts.workDir,
    format,
    insecureRegistry: opts.insecureRegistry,
    ...opts.builtWith ? { builtWith: opts.builtWith } : {},
    inDockerDaemon: tools.docker !== void 0,
    tools
  });
  if (!plan)
    return noExport(
      target,
      opts,
      `no tool to export ${target.display} was found (skopeo, buildah, podman or a Docker daemon)`
    );
  await mkdir5(dirname3(plan.file), { recursive: true });
  await rm5(plan.file, { force: true });
  const started = performance.now();
  try {
    await runTool({
      tool: plan.tool,
      executable: tools[plan.tool],
      args: plan.args,
      action: `export ${target.display}`,
      installHint: INSTALL_HINTS[plan.tool],
      timeoutMs: opts.timeoutMs ?? DEFAULT_EXPORT_TIMEOUT_MS,
      ...opts.signal ? { signal: opts.signal } : {},
      ...opts.env ? { env: opts.env } : {}
    });
  } catch (error) {
    await rm5(plan.file, { force: true });
    if (opts.signal?.aborted || opts.mode === "always" || !(error instanceof RunError || error instanceof UsageError))
      throw error;
    return noExport(target, opts, error.message);
  }
  const durationMs = Math.round(performance.now() - started);
  const bytes = await stat4(plan.file).then(
    (s) => s.size,
    () => 0
  );
  if (bytes === 0) {
    await rm5(plan.file, { force: true });
    const message = `export ${target.display}: ${plan.tool} exited 0 but wrote no archive at ${plan.file} \u2014 check free disk space in the work dir`;
    if (opts.mode === "always") throw new RunError(message);
    return noExport(target, opts, message);
  }
  return {
    target: {
      display: target.display,
      name: target.name,
      kind: plan.kind,
      path: plan.file,
      ...target.digest ? { digest: target.digest } : {},
      ...target.platform ? { platform: target.platform } : {}
    },
    bytes,
    durationMs,
    tool: plan.tool
  };
}
async function archiveAsIs(target) {
  const info = target.path ? await stat4(target.path).catch(() => void 0) : void 0;
  if (!info?.isFile()) {
    throw new UsageError(
      `image ${target.display}: ${target.path ?? "(no path)"} is not a readable file \u2014 check the archive path`
    );
  }
  return { target, bytes: info.size, durationMs: 0, tool: "none" };
}
async function noExport(target, opts, why) {
  if (opts.mode === "always") throw new RunError(`--export always: ${oneLine(why)}`);
  opts.onWarning?.(`not exported, scanners read ${target.display} themselves: ${oneLine(why)}`);
  return target.kind === "reference" ? void 0 : archiveAsIs(target);
}
async function availableTools(target, opts) {
  const path3 = opts.env?.PATH ?? process.env.PATH ?? "";
  const find = (name) => findExecutable(opts.toolPaths?.[name] ?? name, path3);
  const tools = {};
  const skopeo = find("skopeo");
  if (skopeo) tools.skopeo = skopeo;
  if (target.kind !== "reference") return tools;
  if (opts.builtWith === "buildah" || opts.builtWith === "podman") {
    const builder = find(opts.builtWith);
    if (builder) tools[opts.builtWith] = builder;
    return tools;
  }
  const docker = find("docker");
  if (docker && (opts.builtWith === "buildx" || await dockerHasImage(docker, target, opts)))
    tools.docker = docker;
  return tools;
}
async function dockerHasImage(docker, target, opts) {
  try {
    const res = await runProcess(docker, {
      args: ["image", "inspect", "--format", "{{.Id}}", "--", target.reference ?? target.display],
      timeoutMs: DOCKER_PROBE_TIMEOUT_MS,
      maxOutputBytes: 1024 * 1024,
      ...opts.env ? { env: opts.env } : {},
      ...opts.signal ? { signal: opts.signal } : {}
    });
    return res.exitCode === 0;
  } catch {
    return false;
  }
}

// src/image/oci-layout.ts
import { createReadStream, createWriteStream } from "node:fs";
import { mkdir as mkdir6, open as open5, rename as rename2, rm as rm6, stat as stat5 } from "node:fs/promises";
import { dirname as dirname4, join as join10 } from "node:path";
import { pipeline } from "node:stream/promises";
async function unpackOciArchive(archive, dir) {
  if (/[:@]/.test(dir)) {
    throw new UsageError(
      `work dir ${JSON.stringify(dir)}: contains ':' or '@', which Trivy reads as a tag separator \u2014 choose a work dir without them`
    );
  }
  const partial = `${dir}.partial-${process.pid}`;
  await rm6(partial, { recursive: true, force: true });
  try {
    await extract(archive, partial);
    for (const required of ["oci-layout", "index.json"]) {
      const info = await stat5(join10(partial, required)).catch(() => void 0);
      if (!info?.isFile())
        throw new RunError(`${archive}: no ${required} at the top of the archive \u2014 not an oci-archive`);
    }
    await rm6(dir, { recursive: true, force: true });
    await rename2(partial, dir);
  } catch (error) {
    await rm6(partial, { recursive: true, force: true });
    if (error instanceof RunError || error instanceof UsageError) throw error;
    throw new RunError(`${archive}: cannot unpack the oci-archive (${errorMessage(error)})`, {
      cause: error
    });
  }
}
async function extract(archive, into) {
  const handle = await open5(archive, "r");
  try {
    const { size: size2 } = await handle.stat();
    const magic = Buffer.alloc(2);
    await handle.read(magic, 0, 2, 0);
    if (magic[0] === 31 && magic[1] === 139) {
      throw new RunError(
        `${archive}: a compressed tar \u2014 an oci-archive is an uncompressed tar (gunzip it first)`
      );
    }
    await mkdir6(into, { recursive: true });
    for await (const entry of tarEntries(handle, 0, size2)) {
      const path3 = safeRelative(entry.path);
      if (path3 === void 0)
        throw new RunError(`${archive}: entry ${JSON.stringify(entry.path)} leaves the archive`);
      if (path3 === "") continue;
      const to = join10(into, path3);
      if (entry.type === "5") {
        await mkdir6(to, { recursive: true });
      } else if (entry.type === "0" || entry.type === "\0") {
        await mkdir6(dirname4(to), { recursive: true });
        await pipeline(
          entry.size === 0 ? [] : createReadStream(archive, { start: entry.dataStart, end: entry.dataStart + entry.size - 1 }),
          createWriteStream(to, { flags: "wx" })
        );
      } else {
        throw new RunError(
          `${archive}: entry ${JSON.stringify(entry.path)} is not a file or directory (tar type ${JSON.stringify(entry.type)}) \u2014 an OCI layout has only those`
        );
      }
    }
  } finally {
    await handle.close();
  }
}
function safeRelative(path3) {
  const parts = path3.replace(/^(\.\/)+/, "").split("/").filter((part) => part !== "" && part !== ".");
  if (path3.startsWith("/") || parts.includes("..")) return void 0;
  return parts.join("/");
}

// src/image/targets.ts
async function prepareTarget(target, ctx) {
  const { options, built } = ctx;
  if (target.attested && ctx.rescan) return prepareAttestedTarget(target, ctx.rescan);
  if (target.kind === "sbom") return Object.assign(target, await readSbomTarget(target, ctx.warn));
  if (target.kind === "reference" && !target.digest && built?.reference !== target.display && options.export !== "never") {
    const digest = await resolveDigest(target, {
      insecureRegistry: options.insecureRegistry,
      signal: ctx.signal
    }).catch(
      (error) => ctx.info(`digest of ${target.display} not resolved (${oneLine(error.message)})`)
    );
    if (digest) target.digest = digest;
  }
  if (!ctx.exporting) return target;
  if (options.export === "never") return withOciLayout(target, ctx);
  const exported = await exportImage(target, {
    workDir: ctx.workDir,
    mode: options.export,
    insecureRegistry: options.insecureRegistry,
    toolPaths: options.toolPaths,
    onWarning: ctx.warn,
    ...built && built.reference === target.display ? { builtWith: built.builder } : {},
    signal: ctx.signal
  });
  if (!exported) return target;
  if (exported.tool !== "none") {
    ctx.info(
      `exported ${target.display} once (${formatBytes(exported.bytes)} in ${formatElapsed(exported.durationMs)} with ${exported.tool}); every scanner reads it`
    );
  }
  return withOciLayout(exported.target, ctx);
}
async function withOciLayout(target, ctx) {
  if (target.kind !== "oci-archive" || !ctx.trivyReadsImage || !target.path) return target;
  const dir = exportFile(target, ctx.workDir, "oci-archive").replace(/\.oci\.tar$/, ".oci-layout");
  const started = performance.now();
  await mkdir7(dirname5(dir), { recursive: true });
  await unpackOciArchive(target.path, dir);
  ctx.info(
    `unpacked ${target.display} to an OCI layout for trivy in ${formatElapsed(performance.now() - started)} (trivy cannot read an OCI tarball)`
  );
  return { ...target, ociLayout: dir };
}
async function expandPlatforms(targets, ctx) {
  if (ctx.options.export === "never") return;
  for (let i = targets.length - 1; i >= 0; i--) {
    const target = targets[i];
    if (target.kind !== "reference" || ctx.built?.reference === target.display) continue;
    const { platforms, indexDigest, unscanned } = await platformsOf(target, ctx);
    if (ctx.options.platform) {
      if (platforms.length > 0)
        pinDigest(target, choosePlatform(platforms, ctx.options.platform, target.display));
      continue;
    }
    if (platforms.length === 0) {
      if (unscanned.length > 0)
        throw new UsageError(
          `${target.display}: an image index whose ${unscanned.length} images name no platform \u2014 scan one of them by digest (${target.name}@${unscanned[0]})`
        );
      continue;
    }
    if (unscanned.length > 0)
      ctx.info(
        `${target.display}: ${unscanned.length} image${plural(unscanned.length)} in the index ${unscanned.length === 1 ? "is" : "are"} not scanned (no platform, or a second image for a platform): the index digest is not recorded, so only the scanned platforms' digests can be signed`
      );
    if (platforms.length === 1) {
      if (!indexDigest) pinDigest(target, platforms[0].digest);
      continue;
    }
    ctx.info(
      `${target.display} is a multi-platform image: scanning ${platforms.map((p) => p.platform).join(", ")}`
    );
    targets.splice(i, 1, ...platforms.map((p) => platformTarget(target, p, indexDigest)));
  }
}
function platformsOf(target, ctx) {
  return listIndexPlatforms(target, {
    insecureRegistry: ctx.options.insecureRegistry,
    ...ctx.signal ? { signal: ctx.signal } : {}
  }).catch((error) => {
    ctx.info(
      `platforms of ${target.display} not listed (${oneLine(error.message)}); scanning ${ctx.options.platform ?? "the default platform"}`
    );
    return { platforms: [], indexDigest: void 0, unscanned: [] };
  });
}
function platformTarget(target, platform, indexDigest) {
  const one = {
    ...target,
    display: `${target.display} [${platform.platform}]`,
    platform: platform.platform,
    ...indexDigest ? { indexDigest } : {}
  };
  pinDigest(one, platform.digest);
  return one;
}
function choosePlatform(platforms, wanted, display) {
  const want = parsePlatform(wanted);
  const matches = platforms.filter((p) => {
    const [os, architecture, variant] = p.platform.split("/");
    return os === want.os && architecture === want.architecture && (want.variant === void 0 || variant === want.variant);
  });
  if (matches.length !== 1)
    throw new UsageError(
      `--platform ${wanted}: ${display} has ${matches.length === 0 ? "no image for it" : "several images for it"} \u2014 it has ${platforms.map((p) => p.platform).join(", ")}; pass one of those`
    );
  return matches[0].digest;
}
function pinDigest(target, digest) {
  target.digest = digest;
  const parsed = target.reference ? parseImageReference(target.reference) : void 0;
  if (parsed?.digest && parsed.digest !== digest) target.reference = `${parsed.name}@${digest}`;
}
async function readImageConfigs(targets, warn) {
  const configs = [];
  for (const target of targets) {
    if (target.kind !== "docker-archive" || !target.path) continue;
    try {
      const image = await readDockerArchive(target.path);
      for (const line of image.notes) warn(`image checks on ${target.display}: ${line}`);
      configs.push({ target: target.display, config: image.config, files: image.specialFiles });
    } catch (error) {
      warn(`image checks on ${target.display} skipped: ${oneLine(errorMessage(error))}`);
    }
  }
  return configs;
}

// src/process/exit-cleanup.ts
import { rmSync } from "node:fs";
var directories = /* @__PURE__ */ new Set();
var hookInstalled = false;
function removeOnExit(dir) {
  if (!hookInstalled) {
    hookInstalled = true;
    process.once("exit", () => {
      killAllChildren();
      for (const directory of directories) {
        try {
          rmSync(directory, { recursive: true, force: true });
        } catch {
        }
      }
    });
  }
  directories.add(dir);
  return () => {
    directories.delete(dir);
  };
}

// src/report/outputs.ts
import { createHash as createHash4 } from "node:crypto";
import { lstat as lstat2, stat as stat6 } from "node:fs/promises";
import { dirname as dirname6, isAbsolute as isAbsolute2, join as join11, relative as relative3, resolve as resolve5, sep as sep2 } from "node:path";

// src/report/escape.ts
var ANSI_SEQUENCE = /\u001b\[[0-?]*[ -/]*[@-~]|\u001b\][^\u0007\u001b]*(?:\u0007|\u001b\\)?|\u001b[PX^_][^\u001b]*(?:\u001b\\)?|\u001b[ -~]?|\u009b[0-?]*[ -/]*[@-~]/g;
var CONTROL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;
var LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;
var LINE_BREAKS = /\r\n|[\r\n\u2028\u2029\u0085]/g;
var NEEDS_CLEANING = /[\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069\u2028\u2029\ud800-\udfff]/;
var PREPASS_LIMIT = 2e5;
function stripControl(text5, options = {}) {
  const bounded = text5.length > PREPASS_LIMIT ? text5.slice(0, PREPASS_LIMIT) : text5;
  if (!NEEDS_CLEANING.test(bounded)) return bounded;
  const cleaned = bounded.replace(ANSI_SEQUENCE, "").replace(LINE_BREAKS, "\n").replace(/\t/g, " ").replace(CONTROL, "").replace(LONE_SURROGATE, "\uFFFD");
  return options.keepNewlines ? cleaned : cleaned.replace(/\s*\n\s*/g, " ");
}
function truncateText(text5, max) {
  if (text5.length <= max) return text5;
  if (max <= 1) return "\u2026".slice(0, Math.max(0, max));
  let cut = text5.slice(0, max - 1);
  const last = cut.charCodeAt(cut.length - 1);
  if (last >= 55296 && last <= 56319) cut = cut.slice(0, -1);
  return `${cut.trimEnd()}\u2026`;
}
function cleanLine(text5, max) {
  if (!text5) return "";
  return truncateText(stripControl(text5).replace(/\s+/g, " ").trim(), max);
}
var MAX_CELL_LENGTH = 256;
var MARKDOWN_SPECIALS = {
  "&": "&amp;",
  "<": "&lt;",
  ">": "&gt;",
  "@": "@\u200D",
  "#": "\\#\u200D"
};
function escapeMarkdownCell(text5, maxLength = MAX_CELL_LENGTH) {
  return escapeMarkdownLine(cleanLine(text5, maxLength));
}
function escapeMarkdownLine(line) {
  return line.replace(/[\\`*_[\]()#!~|<>&@{}$]/g, (ch) => MARKDOWN_SPECIALS[ch] ?? `\\${ch}`).replace(/\b(GH)-(?=\d)/gi, "$1\u200D-");
}
function safeUrl(url) {
  if (!url) return void 0;
  let parsed;
  try {
    parsed = new URL(stripControl(url).trim());
  } catch {
    return void 0;
  }
  if (parsed.protocol !== "https:" && parsed.protocol !== "http:") return void 0;
  if (parsed.username || parsed.password) return void 0;
  const rest = `${parsed.pathname}${parsed.search}${parsed.hash}`.replace(
    /[()|`\\<> "'[\]{}^]/g,
    (ch) => `%${ch.charCodeAt(0).toString(16).toUpperCase().padStart(2, "0")}`
  );
  return `${parsed.protocol}//${parsed.host}${rest}`;
}
function markdownLink(label, url) {
  const href = safeUrl(url);
  const text5 = escapeMarkdownCell(label);
  return href ? `[${text5}](${href})` : text5;
}

// src/report/finding-rows.ts
function findingRows(findings) {
  const rows2 = [];
  const byKey = /* @__PURE__ */ new Map();
  for (const finding of findings) {
    const key = groupKey(finding);
    const row = key === void 0 ? void 0 : byKey.get(key);
    if (row) {
      row.findings.push(finding);
      continue;
    }
    const created = { first: finding, findings: [finding] };
    rows2.push(created);
    if (key !== void 0) byKey.set(key, created);
  }
  return rows2;
}
function groupKey(f) {
  if (f.kind === "vulnerability") return void 0;
  return JSON.stringify([
    f.kind,
    f.id,
    f.target,
    f.severity,
    f.gate.decision,
    f.gate.rules ?? [],
    f.gate.baseline
  ]);
}
function shortTitle(f, max = 60) {
  const title = f.title.trim();
  const text5 = title && title.toUpperCase() !== f.id.toUpperCase() && !f.aliases.includes(title) ? title : (f.description ?? "").trim().split(/(?<=\.)\s|\n/, 1)[0] ?? "";
  return text5.length > max ? `${text5.slice(0, max - 1)}\u2026` : text5;
}
function rowSubject(row, findingLocation3) {
  const locations = [...new Set(row.findings.map(findingLocation3))];
  if (locations.length <= 2) return locations.join(", ");
  return `${locations.slice(0, 2).join(", ")}, +${locations.length - 2} more`;
}
function gateText(gate2) {
  const mark = gate2.baseline === "new" ? " (new)" : "";
  switch (gate2.decision) {
    case "violation":
      return `violation: ${(gate2.rules ?? ["threshold"]).join(", ")}${mark}`;
    case "excepted":
      return `excepted${gate2.exception?.rule ? ` (${gate2.exception.rule})` : ""} until ${gate2.exception?.expires ?? "?"}`;
    case "vex-suppressed":
      return `VEX ${gate2.vex?.status ?? ""}`.trim();
    case "vendor-suppressed":
      return `vendor ${gate2.vendorStatus?.status ?? "not_affected"}`;
    case "baseline-unchanged":
      return "unchanged (baseline)";
    default:
      return `${gate2.decision.replace(/-/g, " ")}${mark}`;
  }
}

// src/report/markdown-fit.ts
var MIN_ROW_CHARS = 24;
var totalOf = (block) => Math.max(block.total ?? 0, block.rows.length);
function omittedLine(omitted, total, noun, limitWords2) {
  return `_${omitted} of ${total} ${noun} not shown to keep this summary under ${limitWords2}; the JSON report lists them all._`;
}
function size(text5) {
  return { chars: text5.length, bytes: Buffer.byteLength(text5, "utf8") };
}
function limitWords(limit) {
  return limit.maxChars !== void 0 ? `${limit.maxChars} characters` : `${limit.maxBytes} bytes`;
}
function fitMarkdown(blocks, limit) {
  const words = limitWords(limit);
  const render = (shown2) => `${blocks.map((block) => {
    if (typeof block === "string") return block;
    const count = shown2.get(block) ?? block.rows.length;
    const lines = [...block.head, ...block.rows.slice(0, count)];
    if (count < totalOf(block)) {
      lines.push("", omittedLine(totalOf(block) - count, totalOf(block), block.noun, words));
    }
    return lines.join("\n");
  }).join("\n\n")}
`;
  const fits = (text6) => {
    const s = size(text6);
    return s.bytes <= limit.maxBytes && (limit.maxChars === void 0 || s.chars <= limit.maxChars);
  };
  const full = render(/* @__PURE__ */ new Map());
  const tables = blocks.filter((b) => typeof b !== "string");
  if (fits(full)) return { text: full, omitted: {} };
  const shown = new Map(tables.map((t) => [t, 0]));
  const empty = render(shown);
  if (!fits(empty)) return void 0;
  const used = size(empty);
  let roomChars = (limit.maxChars ?? Number.POSITIVE_INFINITY) - used.chars;
  let roomBytes = limit.maxBytes - used.bytes;
  for (const table of [...tables].sort((a, b) => a.priority - b.priority)) {
    let count = 0;
    for (const row of table.rows) {
      const cost = size(`${row}
`);
      if (cost.chars > roomChars || cost.bytes > roomBytes) break;
      roomChars -= cost.chars;
      roomBytes -= cost.bytes;
      count++;
    }
    shown.set(table, count);
    if (count === totalOf(table) && count > 0) {
      const line = size(`

${omittedLine(totalOf(table), totalOf(table), table.noun, words)}`);
      roomChars += line.chars;
      roomBytes += line.bytes;
    }
  }
  const text5 = render(shown);
  const omitted = {};
  for (const table of tables) {
    const left = totalOf(table) - (shown.get(table) ?? 0);
    if (left > 0) omitted[table.noun] = (omitted[table.noun] ?? 0) + left;
  }
  return { text: text5, omitted };
}

// src/report/markdown.ts
var JOB_SUMMARY_MAX_BYTES = 1048576;
var STATUS_HEADING = {
  passed: "\u2705 Gate passed",
  failed: "\u274C Gate failed",
  error: "\u26A0\uFE0F Gate error: the scan did not complete"
};
function renderMarkdownSummary(report, opts = {}) {
  const limit = {
    maxBytes: JOB_SUMMARY_MAX_BYTES,
    ...opts.maxChars !== void 0 ? { maxChars: opts.maxChars } : {}
  };
  const blocks = summaryBlocks(report, opts, limit);
  const fitted = fitMarkdown(blocks, limit);
  if (fitted) return fitted.text;
  const minimal = `${STATUS_HEADING[report.gate.status]}. The summary does not fit in ${limitWords(limit)}; see the JSON report.
`;
  return minimal.length <= (opts.maxChars ?? Number.POSITIVE_INFINITY) ? minimal : `${STATUS_HEADING[report.gate.status]}
`;
}
function summaryBlocks(report, opts, limit) {
  const databases = reportDatabases(report);
  return [
    heading(report.gate, opts.title),
    ...reasonBlocks(report.gate),
    thresholdLine(report),
    ...noticeBlocks(opts.notices ?? []),
    // A database the run fell back to (every download failed, or --offline) is said before anything else is read.
    ...databaseWarningBlocks(databases),
    ...attestationBlocks(report),
    ...severityBlocks(report),
    ...scannerCountBlocks(report),
    ...scannerRunBlocks(report),
    ...databaseBlocks(databases),
    ...findingBlocks(report, limit),
    ...fixedSinceBaseline(report.gate),
    ...exceptionBlocks(report.gate),
    ...linkBlocks(opts.links)
  ];
}
function heading(gate2, title) {
  return `## ${escapeMarkdownCell(title ?? "container-gate")}: ${STATUS_HEADING[gate2.status]}`;
}
function reasonBlocks(gate2) {
  if (gate2.reasons.length === 0) return [];
  return [
    rows(
      [],
      gate2.reasons.map((r) => `- ${failedRuleMark(r, gate2.failedRules)}${escapeMarkdownCell(r, 2e3)}`),
      "reasons",
      0
    )
  ];
}
function thresholdLine(report) {
  const { gate: gate2 } = report;
  return `Threshold **${gate2.threshold}**${gate2.ignoreUnfixed ? ", unfixed vulnerabilities ignored" : ""} \xB7 ${gate2.violations} violation${plural(gate2.violations)} \xB7 ${report.findings.length} finding${plural(report.findings.length)} \xB7 ${report.targets.length} target${plural(report.targets.length)}`;
}
function noticeBlocks(notices) {
  if (notices.length === 0) return [];
  return [
    rows(
      [],
      notices.map((n) => `> \u26A0\uFE0F ${escapeMarkdownCell(n, 1e3)}`),
      "notices",
      0
    )
  ];
}
function databaseWarningBlocks(databases) {
  const warnings = [...new Set(databases.flatMap((d) => d.warning ? [d.warning] : []))];
  if (warnings.length === 0) return [];
  return [
    rows(
      [],
      warnings.map((w) => `> \u26A0\uFE0F ${escapeMarkdownCell(w, 1e3)}`),
      "database warnings",
      0
    )
  ];
}
function attestationBlocks(report) {
  const attested = report.targets.filter((t) => t.attestation);
  if (attested.length === 0) return [];
  return [
    "### SBOM attestations",
    rows(
      ["| image | status | SBOM | signed by |", "| --- | --- | --- | --- |"],
      attested.map(
        ({ display, attestation: a }) => a.status === "verified" ? `| ${escapeMarkdownCell(display)} | verified | ${escapeMarkdownCell(a.predicateType)} | ${escapeMarkdownCell(a.identity ?? "the given key")}${a.issuer ? ` (${escapeMarkdownCell(a.issuer)})` : ""} |` : `| ${escapeMarkdownCell(display)} | **${a.status}** | ${escapeMarkdownCell(a.reason, 500)} | \u2013 |`
      ),
      "images",
      1
    )
  ];
}
function severityBlocks(report) {
  const counts = countBySeverity(report.findings);
  return [
    "### Findings by severity",
    [
      `| ${SEVERITIES.join(" | ")} | total |`,
      `|${" ---: |".repeat(SEVERITIES.length + 1)}`,
      `| ${SEVERITIES.map((s) => counts[s]).join(" | ")} | ${report.findings.length} |`
    ].join("\n")
  ];
}
function scannerCountBlocks(report) {
  const byScanner = /* @__PURE__ */ new Map();
  for (const f of report.findings) for (const s of f.foundBy) byScanner.set(s, (byScanner.get(s) ?? 0) + 1);
  if (byScanner.size === 0) return [];
  return [
    "### Findings by scanner",
    rows(
      ["| scanner | findings |", "| --- | ---: |"],
      [...byScanner].sort(([a], [b]) => a < b ? -1 : 1).map(([s, n]) => `| ${escapeMarkdownCell(s)} | ${n} |`),
      "scanners",
      1
    )
  ];
}
function scannerRunBlocks(report) {
  if (report.scanners.length === 0) return [];
  return [
    "### Scanners",
    rows(
      [
        "| scanner | target | status | duration | version | findings | note |",
        "| --- | --- | --- | ---: | --- | ---: | --- |"
      ],
      report.scanners.map(
        (r) => `| ${escapeMarkdownCell(r.name)} | ${escapeMarkdownCell(r.target)} | ${r.status === "ok" ? "ok" : `**${r.status}**`} | ${formatElapsed(r.durationMs, " ")} | ${escapeMarkdownCell(r.version) || "\u2013"} | ${r.findings} | ${escapeMarkdownCell(r.error ?? r.warnings?.join("; ") ?? (r.packages !== void 0 ? describeSbomSize(r.packages) : void 0), 500)} |`
      ),
      "scanner runs",
      1
    )
  ];
}
function databaseBlocks(databases) {
  if (databases.length === 0) return [];
  return [
    "### Databases",
    rows(
      [
        "| database | schema | built | downloaded | source | this run |",
        "| --- | --- | --- | --- | --- | --- |"
      ],
      databases.map(
        (d) => `| ${escapeMarkdownCell(d.name)} | ${escapeMarkdownCell(d.schemaVersion) || "\u2013"} | ${escapeMarkdownCell(d.builtAt) || "\u2013"} | ${escapeMarkdownCell(d.downloadedAt) || "\u2013"} | ${escapeMarkdownCell(d.source, 300) || "\u2013"} | ${d.source === "embedded" ? "embedded in trivy" : d.fromCache ? "from the cache" : "downloaded"}${d.warning ? " \u26A0\uFE0F" : ""} |`
      ),
      "databases",
      1
    )
  ];
}
function findingBlocks(report, limit) {
  if (report.findings.length === 0) return ["### Findings", "No findings."];
  const multiImage = new Set(report.findings.map((f) => f.target)).size > 1 || report.targets.length > 1;
  const grouped = findingRows(violationsFirst(report.findings));
  return [
    "### Findings",
    rows(
      [
        `| id | title |${multiImage ? " image |" : ""} package | installed \u2192 fixed | severity | found by | gate |`,
        `| --- | --- |${multiImage ? " --- |" : ""} --- | --- | --- | --- | --- |`
      ],
      rowsWithin(grouped, (row) => findingRow(row, multiImage), limit),
      grouped.length === report.findings.length ? "findings" : "finding rows",
      3,
      grouped.length
    )
  ];
}
function exceptionBlocks(gate2) {
  const exceptionTables = [
    ["Exceptions applied", gate2.exceptionsApplied, "applied exceptions"],
    [
      "Exceptions expired (no longer applied: renew or remove them)",
      gate2.exceptionsExpired,
      "expired exceptions"
    ],
    ["Exceptions unused (matched nothing: remove them)", gate2.exceptionsUnused, "unused exceptions"]
  ];
  return exceptionTables.flatMap(
    ([heading2, uses, noun]) => uses.length === 0 ? [] : [
      `### ${heading2}`,
      rows(
        [
          "| id | package | image | expires | matched | reason | origin |",
          "| --- | --- | --- | --- | ---: | --- | --- |"
        ],
        uses.map(
          (e) => `| ${escapeMarkdownCell(e.id)} | ${escapeMarkdownCell(e.package) || "any"} | ${escapeMarkdownCell(e.image) || "any"} | ${escapeMarkdownCell(e.expires)} | ${e.matched} | ${escapeMarkdownCell(e.reason, 500)} | ${escapeMarkdownCell(e.origin)} |`
        ),
        noun,
        2
      )
    ]
  );
}
function linkBlocks(links) {
  if (!links || links.length === 0) return [];
  return [
    "### Links",
    rows(
      [],
      links.map((l) => `- ${markdownLink(l.label, l.url)}`),
      "links",
      1
    )
  ];
}
function reportDatabases(report) {
  const seen = /* @__PURE__ */ new Map();
  for (const run of report.scanners)
    for (const database of [run.database, run.javaDatabase])
      if (database) seen.set(JSON.stringify(database), database);
  return [...seen.values()];
}
function fixedSinceBaseline(gate2) {
  const fixed = gate2.baseline?.fixed ?? [];
  if (fixed.length === 0) return [];
  return [
    `### Fixed since the baseline (${fixed.length})`,
    rows(
      ["| id | title | image | package or file | severity |", "| --- | --- | --- | --- | --- |"],
      fixed.map(
        (f) => `| ${escapeMarkdownCell(f.id)} | ${escapeMarkdownCell(f.title === f.id ? "" : f.title, 120) || "\u2013"} | ${escapeMarkdownCell(f.target)} | ${escapeMarkdownCell(f.package?.name ?? f.location?.path) || "\u2013"} | ${f.severity} |`
      ),
      "fixed findings",
      2
    )
  ];
}
function rows(head, lines, noun, priority, total) {
  return { head, rows: lines, noun, priority, ...total !== void 0 ? { total } : {} };
}
function rowsWithin(items, render, limit) {
  const maxRows = Math.ceil(
    Math.min(limit.maxBytes, limit.maxChars ?? Number.POSITIVE_INFINITY) / MIN_ROW_CHARS
  );
  const lines = [];
  let chars = 0;
  let bytes = 0;
  for (const item of items) {
    if (lines.length >= maxRows || chars > (limit.maxChars ?? Number.POSITIVE_INFINITY) || bytes > limit.maxBytes)
      break;
    const line = render(item);
    lines.push(line);
    chars += line.length + 1;
    bytes += Buffer.byteLength(line, "utf8") + 1;
  }
  return lines;
}
function violationsFirst(findings) {
  for (let i = 1; i < findings.length; i++)
    if (compareFindings(findings[i - 1], findings[i]) > 0) return [...findings].sort(byGateThenSeverity);
  const violations = [];
  const others = [];
  for (const f of findings) (f.gate.decision === "violation" ? violations : others).push(f);
  return violations.concat(others);
}
function byGateThenSeverity(a, b) {
  const va = a.gate.decision === "violation" ? 0 : 1;
  const vb = b.gate.decision === "violation" ? 0 : 1;
  return va - vb || compareFindings(a, b);
}
function findingRow(row, multiImage) {
  const f = row.first;
  const installed = escapeMarkdownCell(f.package?.version) || "\u2013";
  const fixed = f.fix.versions.length > 0 ? escapeMarkdownCell(f.fix.versions.join(", ")) : f.kind === "vulnerability" ? `no fix (${f.fix.state})` : "\u2013";
  const single = row.findings.length === 1;
  return `| ${escapeMarkdownCell(f.id)}${f.knownExploited ? " (KEV)" : ""}${single ? "" : ` \xD7${row.findings.length}`} | ${escapeMarkdownCell(shortTitle(f), 120) || "\u2013"} |${multiImage ? ` ${escapeMarkdownCell(f.target)} |` : ""} ${rowSubject(row, findingLocation)} | ${single && (f.package || f.fix.versions.length > 0) ? `${installed} \u2192 ${fixed}` : "\u2013"} | ${f.severity} | ${escapeMarkdownCell(f.foundBy.join(", "))} | ${gateWords(f.gate)} |`;
}
function findingLocation(f) {
  if (f.package) return escapeMarkdownCell(f.package.name);
  if (f.location) return `${escapeMarkdownCell(f.location.path)}${f.location.startLine ? `:${f.location.startLine}` : ""}`;
  return "\u2013";
}
function failedRuleMark(reason, failed) {
  return (failed ?? []).some((r) => reason === `${r.rule}: ${r.summary}`) ? "\u274C " : "";
}
function gateWords(gate2) {
  const text5 = escapeMarkdownCell(gateText(gate2), 200);
  return gate2.decision === "violation" ? `**${text5}**` : text5;
}

// src/report/sarif.ts
import { createHash as createHash3 } from "node:crypto";
import { gzipSync } from "node:zlib";

// src/report/dockerfile-lines.ts
var HEREDOC = /<<-?\s*(["']?)([A-Za-z_][A-Za-z0-9_]*)\1/g;
function scanDockerfile(text5) {
  const lines = text5.split(/\r\n|\r|\n/);
  let escapeChar = "\\";
  let index = 0;
  for (; index < lines.length; index++) {
    const directive = /^\s*#\s*([a-zA-Z]+)\s*=\s*(\S+)\s*$/.exec(lines[index]);
    if (!directive) break;
    if (directive[1].toLowerCase() === "escape" && (directive[2] === "`" || directive[2] === "\\"))
      escapeChar = directive[2];
  }
  const instructions = [];
  while (index < lines.length) {
    const startLine = index + 1;
    const first = lines[index++];
    if (first.trim() === "" || first.trimStart().startsWith("#")) continue;
    let joined = "";
    let current = first;
    for (; ; ) {
      const trimmed = current.trimEnd();
      if (!trimmed.endsWith(escapeChar) || index >= lines.length) {
        joined += trimmed;
        break;
      }
      joined += `${trimmed.slice(0, -1)} `;
      while (index < lines.length && (lines[index].trim() === "" || lines[index].trimStart().startsWith("#")))
        index++;
      if (index >= lines.length) break;
      current = lines[index++];
    }
    const match = /^\s*([A-Za-z]+)\s*(.*)$/.exec(joined);
    if (!match) continue;
    const keyword = match[1].toUpperCase();
    const args = match[2].trim();
    instructions.push({ keyword, args, line: startLine });
    if (keyword === "RUN" || keyword === "COPY" || keyword === "ADD")
      index = skipHeredocs(args, lines, index);
  }
  return instructions;
}
function skipHeredocs(args, lines, from) {
  let index = from;
  for (const [marker, , word] of args.matchAll(HEREDOC)) {
    const stripTabs = marker.startsWith("<<-");
    while (index < lines.length) {
      const line = lines[index++];
      if ((stripTabs ? line.replace(/^\t+/, "") : line) === word) break;
    }
  }
  return index;
}
function mapDockerfileLines(text5) {
  const stages = [];
  for (const instruction of scanDockerfile(text5)) {
    if (instruction.keyword === "FROM") {
      const words = instruction.args.split(/\s+/).filter((w) => !w.startsWith("--"));
      const base = (words[0] ?? "").toLowerCase();
      const parent = stages.find((s) => s.name !== void 0 && s.name === base);
      stages.push({
        base,
        fromLine: instruction.line,
        ...words[1]?.toLowerCase() === "as" && words[2] ? { name: words[2].toLowerCase() } : {},
        workdir: parent ? parent.workdir : "",
        copies: parent ? [...parent.copies] : []
      });
      continue;
    }
    const stage = stages.at(-1);
    if (!stage) continue;
    if (instruction.keyword === "WORKDIR") {
      stage.workdir = resolveInImage(stage.workdir, instruction.args.trim());
    } else if (instruction.keyword === "COPY" || instruction.keyword === "ADD") {
      const destination2 = copyDestination(instruction.args);
      const resolved = destination2 === void 0 ? void 0 : resolveInImage(stage.workdir, destination2);
      if (resolved !== void 0) stage.copies.push({ line: instruction.line, destination: resolved });
    }
  }
  const final = stages.at(-1);
  return final ? { finalFromLine: final.fromLine, copies: final.copies } : { copies: [] };
}
function lineOfImagePath(map, path3) {
  const target = path3.replace(/^\/+/, "");
  for (let i = map.copies.length - 1; i >= 0; i--) {
    const { destination: destination2, line } = map.copies[i];
    if (destination2 === "" || target === destination2 || target.startsWith(`${destination2}/`)) return line;
  }
  return void 0;
}
function copyDestination(args) {
  let words;
  const trimmed = args.trim().replace(/^(?:--\S+\s+)+/, "");
  if (trimmed.startsWith("[")) {
    try {
      const parsed = JSON.parse(trimmed);
      if (!Array.isArray(parsed) || !parsed.every((w) => typeof w === "string")) return void 0;
      words = parsed;
    } catch {
      return void 0;
    }
  } else {
    words = trimmed.split(/\s+/).filter((w) => !w.startsWith("--"));
  }
  if (words.length < 2) return void 0;
  return words.at(-1);
}
function resolveInImage(base, dir) {
  if (dir.includes("$") || dir === "") return void 0;
  const absolute = dir.startsWith("/");
  if (!absolute && base === void 0) return void 0;
  const parts = absolute ? [] : (base ?? "").split("/").filter(Boolean);
  for (const segment of dir.split("/")) {
    if (segment === "" || segment === ".") continue;
    if (segment === "..") parts.pop();
    else parts.push(segment);
  }
  return parts.join("/");
}

// src/report/sarif-location.ts
var OS_ECOSYSTEMS = /* @__PURE__ */ new Set(["apk", "deb", "rpm", "alpm", "portage"]);
var PACKAGE_DATABASES = {
  apk: "lib/apk/db/installed",
  deb: "var/lib/dpkg/status",
  rpm: "var/lib/rpm/Packages",
  alpm: "var/lib/pacman/local",
  portage: "var/db/pkg"
};
function dockerfileContext(path3, text5) {
  if (!path3) return void 0;
  const uri = safeRelativeUri(path3);
  if (!uri) return void 0;
  return text5 === void 0 ? { uri } : { uri, lines: mapDockerfileLines(text5) };
}
function isOsPackage(finding) {
  const ecosystem = normaliseEcosystem(finding.package?.type);
  return ecosystem !== void 0 && OS_ECOSYSTEMS.has(ecosystem);
}
function locateFinding(finding, target, dockerfile) {
  const inImage = target !== void 0 && target.kind !== "files";
  const line = finding.location?.startLine;
  const region = {
    startLine: positive(line) ?? 1,
    ...positive(finding.location?.endLine) !== void 0 && (finding.location?.endLine ?? 0) >= (line ?? 1) ? { endLine: finding.location.endLine } : {}
  };
  if (finding.location && !inImage) {
    const uri2 = safeRelativeUri(finding.location.path);
    if (uri2) return { uri: uri2, ...region };
  }
  const imagePath = normalisePath(finding.location?.path ?? finding.package?.path);
  if (inImage && dockerfile) {
    const located = { uri: dockerfile.uri, startLine: 1 };
    if (imagePath) located.imagePath = imagePath;
    if (dockerfile.lines) {
      const mapped = isOsPackage(finding) ? dockerfile.lines.finalFromLine : imagePath ? lineOfImagePath(dockerfile.lines, imagePath) : void 0;
      if (mapped !== void 0) located.startLine = mapped;
    }
    return located;
  }
  const fallback = isOsPackage(finding) ? PACKAGE_DATABASES[normaliseEcosystem(finding.package?.type)] : void 0;
  const uri = safeRelativeUri(imagePath ?? fallback ?? "") ?? safeRelativeUri(target?.name ?? finding.target) ?? "image";
  return imagePath && finding.location ? { uri, ...region } : { uri, startLine: 1 };
}
function positive(value) {
  return value !== void 0 && Number.isInteger(value) && value > 0 ? value : void 0;
}
var KEEP_ENCODED = /%(?:24|26|2B|2C|3B|3D|40)/g;
function safeRelativeUri(path3) {
  const segments = [];
  for (const segment of stripControl(path3).trim().replace(/\\/g, "/").split("/")) {
    if (segment === "" || segment === ".") continue;
    if (segment === "..") segments.pop();
    else segments.push(encodeURIComponent(segment).replace(KEEP_ENCODED, decodeURIComponent));
  }
  return segments.length > 0 ? segments.join("/") : void 0;
}

// src/report/sarif-rule.ts
var MAX_RULE_NAME = 255;
var MAX_DESCRIPTION = 1024;
var MAX_TAGS = 10;
var MAX_HELP_LINKS = 10;
var MAX_HELP_PACKAGES = 10;
var MAX_MESSAGE = 1e3;
var SEVERITY_SCORE = {
  critical: 9.5,
  high: 8,
  medium: 5.5,
  low: 2,
  negligible: 0,
  unknown: 0
};
function securitySeverity(finding) {
  const scores = finding.cvss.map((c) => c.score).filter((s) => Number.isFinite(s) && s >= 0 && s <= 10);
  return scores.length > 0 ? Math.max(...scores) : SEVERITY_SCORE[finding.severity];
}
function levelOf(severity2) {
  if (severity2 === "critical" || severity2 === "high") return "error";
  if (severity2 === "medium") return "warning";
  return "note";
}
function ruleIdOf(finding) {
  const id3 = finding.kind === "vulnerability" ? canonicalVulnerabilityId(finding.id, finding.aliases) : finding.id;
  return cleanLine(id3, MAX_RULE_NAME) || "unknown";
}
var PRECISION = {
  // Version-range matching has false positives (backports, vendored copies); secrets more so (test keys).
  vulnerability: "high",
  secret: "medium",
  misconfiguration: "very-high",
  hardening: "very-high",
  // A declared license is what the package says; detection from file text can misread.
  license: "high"
};
function buildRule(ruleId, findings) {
  const first = findings[0];
  const score = findings.reduce((highest, finding) => Math.max(highest, securitySeverity(finding)), 0);
  const clean = onceCleaned();
  const title = clean(first.title, MAX_DESCRIPTION) || ruleId;
  const description = clean(first.description, MAX_DESCRIPTION) || title;
  const helpUri = firstSafeUrl(first.links);
  const tags = [
    "security",
    first.severity,
    first.kind,
    normaliseEcosystem(first.package?.type),
    findings.some((f) => f.fix.state === "fixed") ? "fix-available" : void 0,
    findings.some((f) => f.knownExploited) ? "known-exploited" : void 0,
    "container"
  ].filter((t) => t !== void 0);
  return {
    id: ruleId,
    // SARIF wants `name` to differ from the opaque `id` (multitool SARIF1001): the kind makes it read as what it is.
    name: truncateText(`${first.kind}/${ruleId}`, MAX_RULE_NAME),
    shortDescription: { text: title },
    fullDescription: { text: description },
    ...helpUri ? { helpUri } : {},
    help: helpOf(ruleId, findings, clean),
    defaultConfiguration: { level: levelOf(first.severity) },
    properties: {
      "security-severity": score.toFixed(1),
      tags: [...new Set(tags.map((t) => cleanLine(t, 64).toLowerCase()))].slice(0, MAX_TAGS),
      precision: PRECISION[first.kind]
    }
  };
}
function helpFacts(findings, clean) {
  const first = findings[0];
  const packages = /* @__PURE__ */ new Map();
  for (const f of findings) {
    if (!f.package) continue;
    const key = `${f.package.name}@${f.package.version ?? ""}`;
    if (!packages.has(key))
      packages.set(
        key,
        `${clean(f.package.name, 200)} ${clean(f.package.version, 100)}: ${fixWords(f, clean)}`
      );
  }
  const facts = {
    title: clean(first.title, MAX_DESCRIPTION),
    severity: first.severity,
    opinions: first.severities.map((o) => `${clean(o.scanner, 64)} ${clean(o.vendorSeverity ?? o.severity, 64)}`).join(", "),
    packages: [...packages.values()].slice(0, MAX_HELP_PACKAGES)
  };
  if (first.description) facts.description = clean(first.description, MAX_DESCRIPTION);
  if (first.remediation) facts.remediation = clean(first.remediation, MAX_DESCRIPTION);
  return facts;
}
function fixWords(finding, clean) {
  if (finding.fix.versions.length > 0)
    return `fixed in ${finding.fix.versions.map((v) => clean(v, 100)).join(", ")}`;
  if (finding.fix.state === "wont-fix") return "the distribution will not fix it";
  if (finding.kind === "vulnerability") return "no fix available yet";
  return "see remediation";
}
function onceCleaned() {
  const done = /* @__PURE__ */ new Map();
  return (text5, max) => {
    if (!text5) return "";
    const key = `${max}:${text5}`;
    let line = done.get(key);
    if (line === void 0) {
      line = cleanLine(text5, max);
      done.set(key, line);
    }
    return line;
  };
}
function firstSafeUrl(links) {
  for (const link3 of links) {
    const url = safeUrl(link3);
    if (url !== void 0) return url;
  }
  return void 0;
}
function helpOf(ruleId, findings, clean) {
  const links = findings[0].links.slice(0, MAX_HELP_LINKS).flatMap((label) => {
    const href = safeUrl(label);
    return href === void 0 ? [] : [{ label, href }];
  });
  const markdown = (text5, max) => escapeMarkdownLine(clean(text5, max));
  return {
    text: helpText(ruleId, helpFacts(findings, clean), links),
    markdown: helpMarkdown(ruleId, helpFacts(findings, markdown), links)
  };
}
function helpText(ruleId, facts, links) {
  const lines = [`${ruleId}: ${facts.title}`, ""];
  if (facts.description) lines.push(facts.description, "");
  lines.push(`Severity: ${facts.severity} (${facts.opinions})`);
  for (const p of facts.packages) lines.push(`Package ${p}`);
  if (facts.remediation) lines.push(`Remediation: ${facts.remediation}`);
  if (links.length > 0) lines.push("", "References:", ...links.map((l) => `- ${l.href}`));
  return lines.join("\n");
}
function helpMarkdown(ruleId, facts, links) {
  const lines = [`**${escapeMarkdownCell(ruleId)}**: ${facts.title}`, ""];
  if (facts.description) lines.push(facts.description, "");
  lines.push(`**Severity**: ${facts.severity} (${facts.opinions})`, "");
  if (facts.packages.length > 0) {
    for (const p of facts.packages) lines.push(`- Package ${p}`);
    lines.push("");
  }
  if (facts.remediation) lines.push(`**Remediation**: ${facts.remediation}`, "");
  if (links.length > 0)
    lines.push("**References**", "", ...links.map((l) => `- [${escapeMarkdownCell(l.label)}](${l.href})`));
  return lines.join("\n").trimEnd();
}
function resultMessage(finding, location) {
  const image = cleanLine(finding.target, 300);
  const where = location.imagePath ? ` at /${cleanLine(location.imagePath, 300)}` : "";
  const title = cleanLine(finding.title, 300);
  const id3 = cleanLine(finding.id, 200);
  let text5;
  if (finding.kind === "vulnerability" && finding.package) {
    const pkg = `${cleanLine(finding.package.name, 200)} ${cleanLine(finding.package.version, 100)}`.trim();
    const fixed = finding.fix.versions.length > 0 ? finding.fix.versions.map((v) => cleanLine(v, 100)).join(", ") : void 0;
    text5 = `${id3} (${finding.severity}) in package ${pkg} of image ${image}${where}: ` + (fixed ? `${cleanLine(finding.package.version, 100) || "installed"} \u2192 ${fixed}.` : `${fixWords(finding, cleanLine)}.`);
  } else {
    const at3 = finding.location ? ` at ${cleanLine(finding.location.path, 300)}${finding.location.startLine ? `:${finding.location.startLine}` : ""}` : where;
    const label = finding.kind === "secret" ? "Secret" : finding.kind === "hardening" ? "Hardening" : "Misconfiguration";
    text5 = `${label} ${id3} (${finding.severity}) in ${image}${at3}: ${title || id3}.`;
    if (finding.remediation) text5 += ` ${cleanLine(finding.remediation, 400)}`;
  }
  text5 += ` Found by ${finding.foundBy.map((s) => cleanLine(s, 64)).join(", ")}; gate: ${finding.gate.decision}.`;
  return truncateText(stripControl(text5), MAX_MESSAGE);
}

// src/report/sarif.ts
var GITHUB_SARIF_LIMITS = {
  runsPerFile: 20,
  resultsPerRun: 5e3,
  gzipBytesPerFile: 1e7
};
var SARIF_SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json";
var TOOL_DRIVERS = {
  trivy: { name: "Trivy", informationUri: "https://github.com/aquasecurity/trivy" },
  grype: { name: "Grype", informationUri: "https://github.com/anchore/grype" },
  [CHECKS_SCANNER]: { name: "container-gate" }
};
var SBOM_ONLY = /* @__PURE__ */ new Set(["syft", "trivy-sbom", "trivy-license"]);
function sarifToolOf(scanner) {
  return scanner === "trivy" || scanner.startsWith("trivy-") ? "trivy" : scanner;
}
function sarifSlotOf(finding) {
  const tool = finding.foundBy[0] ?? CHECKS_SCANNER;
  if (tool !== "trivy") return tool;
  if (finding.kind === "secret") return "trivy-secret";
  if (finding.kind === "license") return "trivy-license";
  if (finding.kind === "misconfiguration" || finding.kind === "hardening") return "trivy-config";
  return "trivy";
}
function serializeSarif(log) {
  const measured = measuredText.get(log);
  if (measured !== void 0) {
    measuredText.delete(log);
    return measured;
  }
  return `${JSON.stringify(log, null, 2)}
`;
}
var measuredText = /* @__PURE__ */ new WeakMap();
function renderSarif(report, opts = {}) {
  const limits = { ...GITHUB_SARIF_LIMITS, ...opts.limits };
  const warnings = [];
  const dockerfile = dockerfileContext(opts.dockerfile, opts.dockerfileText);
  const plans = planRuns(report, warnings);
  const runs = plans.map((plan) => ({
    plan,
    run: buildRun(plan, report, dockerfile, limits.resultsPerRun, warnings)
  }));
  const files = packFiles(runs, report, dockerfile, limits, warnings);
  if (files.length > 1) {
    warnings.push(
      `SARIF: split into ${files.length} files to stay within GitHub's ${limits.runsPerFile} runs and ${limits.gzipBytesPerFile} gzip-compressed bytes per file; upload each file`
    );
  }
  return { files, warnings };
}
function planRuns(report, warnings) {
  const targets = new Map(report.targets.map((t) => [t.display, t]));
  const plans = /* @__PURE__ */ new Map();
  const known = /* @__PURE__ */ new Map();
  const planFor = (display, slot2) => {
    const seen = known.get(display)?.get(slot2);
    if (seen) return seen;
    const target = targets.get(display);
    const imageName = target?.name ?? display;
    const key = JSON.stringify([imageName, target?.platform ?? "", slot2]);
    let plan = plans.get(key);
    if (!plan) {
      plan = { id: "", tool: sarifToolOf(slot2), slot: slot2, imageName, findings: [], targets: /* @__PURE__ */ new Map() };
      if (target?.platform) plan.platform = target.platform;
      plans.set(key, plan);
    }
    plan.targets.set(display, target);
    if (!known.has(display)) known.set(display, /* @__PURE__ */ new Map());
    known.get(display).set(slot2, plan);
    return plan;
  };
  for (const run of report.scanners) {
    if (SBOM_ONLY.has(run.name)) continue;
    for (const target of report.targets)
      if (runIncludesTarget(run, target.display)) planFor(target.display, run.name);
  }
  for (const finding of report.findings) {
    if (finding.kind === "license") continue;
    planFor(finding.target, sarifSlotOf(finding)).findings.push(finding);
  }
  const kept = [...plans.values()].filter((plan) => scannerCompleted(plan, report, warnings));
  for (const plan of kept) {
    if (plan.targets.size > 1) {
      warnings.push(
        `SARIF: ${[...plan.targets.keys()].sort(compareStrings).join(", ")} share the image name ${plan.imageName}; their ${plan.slot} findings are reported in one run`
      );
    }
  }
  assignRunIds(kept);
  return kept.sort((a, b) => compareStrings(a.id, b.id));
}
function scannerCompleted(plan, report, warnings) {
  const failed = report.scanners.filter(
    (run) => run.name === plan.slot && (run.status === "failed" || run.status === "timeout") && [...plan.targets.keys()].some((display) => runIncludesTarget(run, display))
  );
  if (failed.length === 0) return true;
  warnings.push(
    `SARIF: no ${plan.slot} run for ${plan.imageName}: ${failed.map((r) => `${r.name} ${r.status}`).join(", ")}; uploading a partial run would close its open alerts (${plan.findings.length} findings left out)`
  );
  return false;
}
function runIncludesTarget(run, display) {
  return run.target === display || run.target.split(", ").includes(display);
}
function assignRunIds(plans) {
  const byId = /* @__PURE__ */ new Map();
  for (const plan of plans) {
    const image = [plan.imageName, plan.platform ?? ""].map(idSegment).filter(Boolean).join("/");
    plan.id = `container-gate/${image || "image"}/${idSegment(plan.slot) || "tool"}/`;
    byId.set(plan.id, [...byId.get(plan.id) ?? [], plan]);
  }
  for (const [id3, clashing] of byId) {
    if (clashing.length < 2) continue;
    for (const plan of clashing) {
      const hash = sha256(JSON.stringify([plan.imageName, plan.platform ?? ""])).slice(0, 8);
      plan.id = id3.replace(/\/([^/]+)\/$/, `-${hash}/$1/`);
    }
  }
}
function idSegment(value) {
  return value.toLowerCase().replace(/[^a-z0-9._/-]+/g, "-").split("/").map((s) => s.replace(/^[-.]+|-+$/g, "")).filter(Boolean).join("/");
}
function sha256(text5) {
  return createHash3("sha256").update(text5).digest("hex");
}
function primaryLocationLineHash(finding, imageName, key = fingerprintKey(finding, imageName)) {
  return `${sha256(key)}:1`;
}
function fingerprintKey(finding, imageName) {
  return findingKey({ ...finding, target: imageName });
}
function buildRun(plan, report, dockerfile, maxResults, warnings) {
  const kept = keptResults(plan, maxResults, warnings);
  const byRule = /* @__PURE__ */ new Map();
  for (const { finding } of kept) {
    const id3 = ruleIdOf(finding);
    const list = byRule.get(id3);
    if (list) list.push(finding);
    else byRule.set(id3, [finding]);
  }
  const ruleIndex = new Map([...byRule.keys()].map((id3, i) => [id3, i]));
  const driverInfo = TOOL_DRIVERS[plan.tool] ?? { name: cleanLine(plan.tool, 64) };
  const version = toolVersion(plan.tool, report);
  return {
    tool: {
      driver: {
        name: driverInfo.name,
        ...version ? { version } : {},
        ...driverInfo.informationUri ? { informationUri: driverInfo.informationUri } : {},
        rules: [...byRule].map(([id3, findings]) => buildRule(id3, findings))
      }
    },
    automationDetails: { id: plan.id },
    columnKind: "utf16CodeUnits",
    results: kept.map((result) => sarifResult(result, plan, dockerfile, ruleIndex)),
    properties: {
      image: plan.imageName,
      ...plan.platform ? { platform: plan.platform } : {},
      ...databasesOf(plan, report)
    }
  };
}
function keptResults(plan, maxResults, warnings) {
  const seen = plan.targets.size > 1 ? /* @__PURE__ */ new Set() : void 0;
  const kept = [];
  let unique = 0;
  for (const finding of [...plan.findings].sort(compareFindings)) {
    let key;
    if (seen) {
      key = fingerprintKey(finding, plan.imageName);
      if (seen.has(key)) continue;
      seen.add(key);
    }
    unique++;
    if (kept.length < maxResults)
      kept.push({ finding, fingerprint: primaryLocationLineHash(finding, plan.imageName, key) });
  }
  if (kept.length < unique) {
    warnings.push(
      `SARIF run ${plan.id}: ${unique - kept.length} of ${unique} results left out (GitHub keeps at most ${maxResults} per run); the least severe were dropped, the JSON report lists them all`
    );
  }
  return kept;
}
function sarifResult({ finding, fingerprint }, plan, dockerfile, ruleIndex) {
  const location = locateFinding(finding, plan.targets.get(finding.target), dockerfile);
  const ruleId = ruleIdOf(finding);
  return {
    ruleId,
    ruleIndex: ruleIndex.get(ruleId),
    level: levelOf(finding.severity),
    message: { text: resultMessage(finding, location) },
    locations: [
      {
        physicalLocation: {
          artifactLocation: { uri: location.uri },
          region: {
            startLine: location.startLine,
            ...location.endLine ? { endLine: location.endLine } : {}
          }
        }
      }
    ],
    partialFingerprints: { primaryLocationLineHash: fingerprint },
    properties: resultProperties(finding, location.imagePath)
  };
}
function databasesOf(plan, report) {
  const seen = /* @__PURE__ */ new Map();
  for (const run of report.scanners) {
    if (run.name !== plan.slot || ![...plan.targets.keys()].some((display) => runIncludesTarget(run, display)))
      continue;
    for (const database of [run.database, run.javaDatabase]) {
      if (!database) continue;
      const clean = Object.fromEntries(
        Object.entries(database).map(([key, value]) => [
          key,
          typeof value === "string" ? cleanLine(value, MAX_PROPERTY) : value
        ])
      );
      seen.set(JSON.stringify(clean), clean);
    }
  }
  return seen.size > 0 ? { databases: [...seen.values()] } : {};
}
function toolVersion(tool, report) {
  if (tool === CHECKS_SCANNER) return report.tool.version;
  const run = report.scanners.find((r) => sarifToolOf(r.name) === tool && r.version);
  return run?.version ? cleanLine(run.version, 64) : void 0;
}
var MAX_PROPERTY = 512;
function resultProperties(finding, imagePath) {
  return {
    kind: finding.kind,
    severity: finding.severity,
    foundBy: finding.foundBy,
    gate: finding.gate.decision,
    ...finding.aliases.length > 0 ? { aliases: finding.aliases.slice(0, 20).map((a) => cleanLine(a, MAX_PROPERTY)) } : {},
    ...finding.package ? {
      package: cleanLine(finding.package.name, MAX_PROPERTY),
      ...finding.package.version ? { installedVersion: cleanLine(finding.package.version, MAX_PROPERTY) } : {},
      ...finding.package.purl ? { purl: cleanLine(finding.package.purl, MAX_PROPERTY) } : {}
    } : {},
    ...finding.fix.versions.length > 0 ? { fixedVersions: finding.fix.versions.slice(0, 20).map((v) => cleanLine(v, MAX_PROPERTY)) } : {},
    ...imagePath ? { imagePath } : {},
    ...finding.epss ? { epss: finding.epss.score } : {},
    ...finding.knownExploited ? { knownExploited: true } : {}
  };
}
function logOf(runs) {
  return { $schema: SARIF_SCHEMA, version: "2.1.0", runs: [...runs] };
}
function gzipSize(log, limit = 0) {
  return measure(log, limit).size;
}
function measure(log, limit) {
  const text5 = `${JSON.stringify(log, null, 2)}
`;
  const bytes = Buffer.byteLength(text5, "utf8");
  if (bytes + Math.ceil(bytes / 1e3) + 64 <= limit) return { text: text5, size: bytes };
  return { text: text5, size: gzipSync(text5, { level: 1 }).length };
}
function packFiles(runs, report, dockerfile, limits, warnings) {
  const files = [];
  const addFilesFor = (group) => {
    const log = logOf(group.map((r) => r.run));
    const { text: text5, size: size2 } = measure(log, limits.gzipBytesPerFile);
    if (size2 <= limits.gzipBytesPerFile) {
      measuredText.set(log, text5);
      files.push(log);
    } else if (group.length > 1) {
      const half = Math.ceil(group.length / 2);
      addFilesFor(group.slice(0, half));
      addFilesFor(group.slice(half));
    } else {
      files.push(logOf([shrinkRun(group[0], size2, report, dockerfile, limits, warnings)]));
    }
  };
  if (runs.length === 0) return [logOf([])];
  for (let i = 0; i < runs.length; i += limits.runsPerFile)
    addFilesFor(runs.slice(i, i + limits.runsPerFile));
  return files;
}
function shrinkRun(built, size2, report, dockerfile, limits, warnings) {
  const total = built.run.results?.length ?? 0;
  let run = built.run;
  let current = size2;
  let keep = total;
  while (current > limits.gzipBytesPerFile && keep > 0) {
    keep = Math.max(0, Math.min(keep - 1, Math.floor(keep * limits.gzipBytesPerFile * 0.9 / current)));
    run = buildRun(built.plan, report, dockerfile, keep, []);
    current = gzipSize(logOf([run]), limits.gzipBytesPerFile);
  }
  warnings.push(
    `SARIF run ${built.plan.id}: ${total - keep} of ${total} results left out to stay under ${limits.gzipBytesPerFile} gzip-compressed bytes per file; the least severe were dropped, the JSON report lists them all`
  );
  return run;
}

// src/report/outputs.ts
var SBOM_EXTENSION = {
  "cyclonedx-json": "cdx.json",
  "spdx-json": "spdx.json",
  "syft-json": "syft.json"
};
function sbomFileName(target, format) {
  return `${sbomStem(target)}.${SBOM_EXTENSION[format]}`;
}
function sbomStem(target) {
  const base = target.replace(/^(oci|docker)-archive:/, "").replace(/[^A-Za-z0-9._-]+/g, "_").replace(/^[._]+/, "");
  return base || "image";
}
function sbomFileNames(sboms) {
  const plain = sboms.map((sbom) => sbomFileName(sbom.target, sbom.doc.format));
  const uses = /* @__PURE__ */ new Map();
  for (const name of plain) uses.set(name.toLowerCase(), (uses.get(name.toLowerCase()) ?? 0) + 1);
  return sboms.map((sbom, i) => {
    if (uses.get(plain[i].toLowerCase()) < 2) return plain[i];
    const digest = createHash4("sha256").update(`${sbom.target}\0${sbom.producer}`).digest("hex").slice(0, 8);
    return `${sbomStem(sbom.target)}-${digest}.${SBOM_EXTENSION[sbom.doc.format]}`;
  });
}
function sbomFormatsWritten(outputs2) {
  return outputs2.sbomDir ? [...outputs2.sbomFormats] : [];
}
function repoRelative(path3, root = process.cwd()) {
  const rel = relative3(root, resolve5(root, path3));
  if (rel === "" || rel.startsWith(`..${sep2}`) || rel === ".." || isAbsolute2(rel)) return void 0;
  return rel.split(sep2).join("/");
}
async function writeOutputs(report, sboms, options, warn = () => void 0) {
  const { outputs: outputs2 } = options;
  const files = { sarif: [], sboms: [] };
  const planned = [];
  if (outputs2.sbomDir) {
    const written = sbomFormatsWritten(outputs2);
    const kept = sboms.filter((sbom) => written.includes(sbom.doc.format));
    const names = sbomFileNames(kept);
    for (const [i, sbom] of kept.entries()) {
      const path3 = join11(outputs2.sbomDir, names[i]);
      report.sboms.push({ target: sbom.target, format: sbom.doc.format, path: path3, producer: sbom.producer });
      planned.push({ path: path3, content: sbom.doc.content, what: "SBOM", done: () => files.sboms.push(path3) });
    }
  }
  if (outputs2.json) {
    const path3 = outputs2.json;
    planned.push({
      path: path3,
      content: renderJsonReport(report),
      what: "JSON report",
      done: () => files.json = path3
    });
  }
  if (outputs2.sarif) {
    const dockerfile = options.dockerfile ? repoRelative(options.dockerfile) : void 0;
    const dockerfileText = dockerfile ? await readInputFile(options.dockerfile, "Dockerfile").catch(() => void 0) : void 0;
    const rendered = renderSarif(report, {
      ...dockerfile ? { dockerfile } : {},
      ...dockerfileText !== void 0 ? { dockerfileText } : {}
    });
    for (const warning of rendered.warnings) warn(warning);
    for (const [index, log] of rendered.files.entries()) {
      const path3 = index === 0 ? outputs2.sarif : sarifPart(outputs2.sarif, index + 1);
      planned.push({ path: path3, content: serializeSarif(log), what: "SARIF", done: () => files.sarif.push(path3) });
    }
  }
  if (outputs2.summary) {
    const path3 = outputs2.summary;
    const markdown = renderMarkdownSummary(
      report,
      outputs2.summaryMaxChars ? { maxChars: outputs2.summaryMaxChars } : {}
    );
    planned.push({ path: path3, content: markdown, what: "summary", done: () => files.summary = path3 });
  }
  refuseSharedPaths(planned);
  await writeAllOrNothing(planned);
  for (const file of planned) file.done();
  return files;
}
function sarifPart(path3, n) {
  return path3.replace(/(\.sarif)?$/, `.${n}.sarif`);
}
function refuseSharedPaths(files) {
  const seen = /* @__PURE__ */ new Map();
  for (const file of files) {
    const key = resolve5(file.path);
    const other = seen.get(key);
    if (other) {
      throw new UsageError(
        `the ${other.what} and the ${file.what} would both be written to ${file.path} \u2014 give each output its own path`
      );
    }
    seen.set(key, file);
  }
}
async function checkOutputPaths(outputs2) {
  const candidates = [
    ["JSON report", "--json", outputs2.json],
    ["SARIF", "--sarif", outputs2.sarif],
    ["summary", "--summary", outputs2.summary]
  ];
  const named = candidates.filter((entry) => entry[2] !== void 0);
  for (const [what, flag2, path3] of named) {
    if ((await lstat2(path3).catch(() => void 0))?.isDirectory())
      throw new UsageError(`${flag2} ${path3}: a directory \u2014 name the ${what} file to write`);
  }
  for (const [i, [what, flag2, path3]] of named.entries()) {
    for (const [otherWhat, otherFlag, other] of named.slice(i + 1)) {
      if (resolve5(path3) === resolve5(other))
        throw new UsageError(
          `${flag2} and ${otherFlag} are both ${path3}: the ${otherWhat} would overwrite the ${what} \u2014 give each its own path`
        );
    }
  }
  if (outputs2.sarif) {
    const sarif = resolve5(outputs2.sarif);
    const parts = new RegExp(`^${escapeRegExp(sarif.replace(/\.sarif$/, ""))}\\.\\d+\\.sarif$`);
    for (const [, flag2, path3] of named) {
      if (flag2 !== "--sarif" && parts.test(resolve5(path3)))
        throw new UsageError(
          `${flag2} ${path3}: a name a split SARIF file takes (--sarif ${outputs2.sarif}) \u2014 choose another name`
        );
    }
  }
  if (outputs2.sbomDir) {
    const info = await stat6(outputs2.sbomDir).catch(() => void 0);
    if (info && !info.isDirectory())
      throw new UsageError(`--sbom-dir ${outputs2.sbomDir}: not a directory \u2014 name a directory for the SBOMs`);
    const dir = resolve5(outputs2.sbomDir);
    for (const [, flag2, path3] of named) {
      const full = resolve5(path3);
      if (dirname6(full) === dir && /\.(cdx|spdx|syft)\.json$/.test(full))
        throw new UsageError(
          `${flag2} ${path3}: inside --sbom-dir under an SBOM's name, where an SBOM may be written \u2014 choose another name or directory`
        );
    }
  }
}
function escapeRegExp(text5) {
  return text5.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

// src/scanners/jobs.ts
import { join as join15 } from "node:path";

// src/scanners/grype/command.ts
import { join as join13 } from "node:path";

// src/scanners/syft/command.ts
import { join as join12 } from "node:path";
function anchoreSourceArgs(target) {
  if (target.kind === "reference") return ["--from", "registry", "--", target.reference ?? target.display];
  if (target.kind === "files" || target.kind === "sbom")
    throw new Error(`image scanners cannot scan ${target.kind} (${target.display})`);
  if (!target.path) throw new Error(`${target.kind} target ${target.display} has no archive path`);
  return ["--from", target.kind, "--", target.path];
}
function grypeSourceArgs(target) {
  if (target.kind === "sbom") {
    if (!target.path) throw new Error(`sbom target ${target.display} has no file`);
    return ["--", `sbom:${target.path}`];
  }
  const args = anchoreSourceArgs(target);
  if (target.kind !== "reference") return args;
  const reference = args.at(-1);
  return GRYPE_INPUT_PREFIX.test(reference) ? [...args.slice(0, -1), dockerHubQualified(reference)] : args;
}
var GRYPE_INPUT_PREFIX = /^(?:pkg|purl|cpes?|sbom):/i;
function anchoreEnv(prefix, opts) {
  const env = { ...opts.env, [`${prefix}_CHECK_FOR_APP_UPDATE`]: "false" };
  if (opts.insecureRegistry) {
    env[`${prefix}_REGISTRY_INSECURE_SKIP_TLS_VERIFY`] = "true";
    env[`${prefix}_REGISTRY_INSECURE_USE_HTTP`] = "true";
  }
  return env;
}
var ANCHORE_ENV = {
  GRYPE: {
    prefix: "GRYPE_",
    passes: /^GRYPE_(DB_(CACHE_DIR|UPDATE_URL|CA_CERT|AUTO_UPDATE|VALIDATE_BY_HASH_ON_START|REQUIRE_UPDATE_CHECK|UPDATE_AVAILABLE_TIMEOUT|UPDATE_DOWNLOAD_TIMEOUT|MAX_UPDATE_CHECK_FREQUENCY)|REGISTRY_[A-Z0-9_]+|DEFAULT_IMAGE_PULL_SOURCE|CHECK_FOR_APP_UPDATE|LOG_(LEVEL|FILE))$/
  },
  SYFT: {
    prefix: "SYFT_",
    passes: /^SYFT_(REGISTRY_[A-Z0-9_]+|CACHE_(DIR|TTL)|PARALLELISM|SOURCE_IMAGE_DEFAULT_PULL_SOURCE|CHECK_FOR_APP_UPDATE|LOG_(LEVEL|FILE))$/
  }
};
function anchoreIsolation(prefix, workDir) {
  const tool = prefix.toLowerCase();
  const config = join12(workDir, `container-gate.${tool}.yaml`);
  const content = prefix === "GRYPE" ? '# container-gate: Grype reads this file and no .grype.yaml\nfail-on-severity: ""\n' : "# container-gate: Syft reads this file and no .syft.yaml\n";
  return {
    args: ["--config", config],
    inputs: { [config]: content },
    ownEnv: ANCHORE_ENV[prefix]
  };
}
var SYFT_FILES = {
  cyclonedx: "syft.cdx.json",
  spdx: "syft.spdx.json",
  "syft-json": "syft.syft.json"
};
function syftCommand(target, opts) {
  const outputs2 = {};
  const isolation = anchoreIsolation("SYFT", opts.workDir);
  const args = ["scan", ...isolation.args];
  for (const role of Object.keys(SBOM_ROLES)) {
    const file = join12(opts.workDir, SYFT_FILES[role]);
    outputs2[role] = file;
    args.push("--output", `${SBOM_ROLES[role]}=${file}`);
  }
  if (target.platform) args.push(`--platform=${target.platform}`);
  args.push(...anchoreSourceArgs(target));
  return { ...isolation, args, outputs: outputs2, env: anchoreEnv("SYFT", opts) };
}

// src/scanners/grype/command.ts
function grypeCommand(target, opts) {
  const output = join13(opts.workDir, "grype.json");
  const isolation = anchoreIsolation("GRYPE", opts.workDir);
  const args = ["--output", "json", `--file=${output}`, ...isolation.args];
  if (target.platform && target.kind !== "sbom") args.push(`--platform=${target.platform}`);
  args.push(...grypeSourceArgs(target));
  return { ...isolation, args, outputs: { json: output }, env: anchoreEnv("GRYPE", opts) };
}

// src/scanners/json-shape.ts
function isObject(value) {
  return typeof value === "object" && value !== null && !Array.isArray(value) && !Object.hasOwn(value, "__proto__");
}
function isText(value) {
  return value === void 0 || value === null || typeof value === "string";
}
function isNumberOrNone(value) {
  return value === void 0 || value === null || typeof value === "number";
}
function isLineNumber(value) {
  return value === void 0 || value === null || Number.isSafeInteger(value) && value >= 0;
}
function isId(owner, key) {
  const value = owner[key];
  if (typeof value !== "string") return false;
  const trimmed = value.trim();
  if (trimmed === "") return false;
  if (trimmed !== value) owner[key] = trimmed;
  return true;
}
function isListOrNone(value, item) {
  if (value === void 0 || value === null) return true;
  if (!Array.isArray(value)) return false;
  for (const entry of value) if (!item(entry)) return false;
  return true;
}
function isString(value) {
  return typeof value === "string";
}
function isObjectOrNone(value, fields) {
  return value === void 0 || value === null || isObject(value) && fields(value);
}
function withFastCheck(schema, accepts) {
  return external_exports.unknown().transform((value, ctx) => {
    if (accepts(value)) return value;
    const result = schema.safeParse(value);
    if (result.success) return result.data;
    for (const issue of result.error.issues) ctx.addIssue({ ...issue });
    return external_exports.NEVER;
  });
}

// src/scanners/grype/schema.ts
var text3 = external_exports.string().nullish();
var id = external_exports.string().trim().min(1);
var cvssSchema = external_exports.object({
  source: text3,
  type: text3,
  version: text3,
  vector: text3,
  metrics: external_exports.object({ baseScore: external_exports.number().nullish() }).nullish()
});
var relatedVulnerabilitySchema = external_exports.object({
  id: external_exports.string(),
  dataSource: text3,
  namespace: text3,
  description: text3,
  cvss: external_exports.array(cvssSchema).nullish()
});
var grypeVulnerabilitySchema = relatedVulnerabilitySchema.extend({
  id,
  severity: text3,
  urls: external_exports.array(external_exports.string()).nullish(),
  fix: external_exports.object({ versions: external_exports.array(external_exports.string()).nullish(), state: text3 }).nullish(),
  epss: external_exports.array(external_exports.object({ cve: text3, epss: external_exports.number(), percentile: external_exports.number() })).nullish(),
  knownExploited: external_exports.array(external_exports.object({ cve: text3 })).nullish()
});
var grypeArtifactSchema = external_exports.object({
  name: id,
  version: text3,
  type: text3,
  purl: text3,
  locations: external_exports.array(external_exports.object({ path: text3 })).nullish()
});
var grypeMatchSchema = external_exports.object({
  vulnerability: grypeVulnerabilitySchema,
  relatedVulnerabilities: external_exports.array(relatedVulnerabilitySchema).nullish(),
  artifact: grypeArtifactSchema
});
var grypeReportShape = external_exports.object({
  matches: external_exports.array(grypeMatchSchema),
  ignoredMatches: external_exports.array(external_exports.unknown()).nullish(),
  descriptor: external_exports.object({ name: external_exports.string(), version: text3 })
});
var grypeReportSchema = withFastCheck(grypeReportShape, isGrypeReport);
function isCvss(c) {
  return isObject(c) && isText(c.source) && isText(c.type) && isText(c.version) && isText(c.vector) && isObjectOrNone(c.metrics, (m) => isNumberOrNone(m.baseScore));
}
function isRelatedFields(v) {
  return isText(v.dataSource) && isText(v.namespace) && isText(v.description) && isListOrNone(v.cvss, isCvss);
}
function isRelated(v) {
  return isObject(v) && typeof v.id === "string" && isRelatedFields(v);
}
function isEpss(e) {
  return isObject(e) && isText(e.cve) && typeof e.epss === "number" && typeof e.percentile === "number";
}
function isVulnerability(v) {
  return isObject(v) && isId(v, "id") && isRelatedFields(v) && isText(v.severity) && isListOrNone(v.urls, isString) && isObjectOrNone(v.fix, (f) => isListOrNone(f.versions, isString) && isText(f.state)) && isListOrNone(v.epss, isEpss) && isListOrNone(v.knownExploited, (k) => isObject(k) && isText(k.cve));
}
function isArtifact(a) {
  return isObject(a) && isId(a, "name") && isText(a.version) && isText(a.type) && isText(a.purl) && isListOrNone(a.locations, (l) => isObject(l) && isText(l.path));
}
function isMatch(m) {
  return isObject(m) && isVulnerability(m.vulnerability) && isListOrNone(m.relatedVulnerabilities, isRelated) && isArtifact(m.artifact);
}
function isGrypeReport(report) {
  return isObject(report) && Array.isArray(report.matches) && isListOrNone(report.matches, isMatch) && isListOrNone(report.ignoredMatches, () => true) && isObjectOrNone(report.descriptor, (d) => typeof d.name === "string" && isText(d.version)) && isObject(report.descriptor);
}

// src/scanners/grype/parse.ts
var GRYPE_TOOL = "grype";
function parseGrypeJson(text5, ctx) {
  const report = parseToolJson(text5, GRYPE_TOOL, "JSON report", grypeReportSchema);
  const findings = report.matches.map((match) => matchFinding(match, ctx));
  const warnings = [];
  const ignored = report.ignoredMatches?.length ?? 0;
  if (ignored > 0) {
    warnings.push(
      `grype's own ignore rules (a .grype.yaml) hid ${ignored} match${ignored === 1 ? "" : "es"} from the gate; record accepted risks in container-gate exceptions instead, where they expire and are reported`
    );
  }
  warnings.push(
    ...ignoredScoresWarning(countInvalidScores(report.matches), "CVSS or EPSS scores", "their range")
  );
  const toolVersion2 = nonEmpty(report.descriptor.version?.replace(/^\[not provided\]$/, ""));
  return {
    findings: dedupeFindings(findings),
    ...warnings.length > 0 ? { warnings } : {},
    ...toolVersion2 ? { toolVersion: toolVersion2 } : {}
  };
}
function countInvalidScores(matches) {
  let count = 0;
  for (const match of matches) {
    const entries = [match.vulnerability, ...match.relatedVulnerabilities ?? []].flatMap(
      (v) => v.cvss ?? []
    );
    for (const cvss of entries) {
      const score = cvss.metrics?.baseScore;
      if (typeof score === "number" && !isCvssScore(score)) count++;
    }
    for (const e of match.vulnerability.epss ?? [])
      if (!isProbability(e.epss) || !isProbability(e.percentile)) count++;
  }
  return count;
}
function matchFinding(match, ctx) {
  const v = match.vulnerability;
  const related = match.relatedVulnerabilities ?? [];
  const severity2 = parseSeverity(v.severity);
  const description = nonEmpty(v.description) ?? related.map((r) => nonEmpty(r.description)).find(Boolean);
  const epss = v.epss?.find((e) => isProbability(e.epss) && isProbability(e.percentile));
  return {
    kind: "vulnerability",
    id: v.id,
    aliases: uniqueSorted(related.map((r) => r.id.trim())).filter((alias) => alias !== "" && alias !== v.id),
    target: ctx.target,
    package: packageOf(match.artifact),
    severity: severity2,
    severitySource: GRYPE_TOOL,
    severities: [
      {
        scanner: GRYPE_TOOL,
        severity: severity2,
        vendorSeverity: `${nonEmpty(v.severity) ?? "Unknown"} (${nonEmpty(v.namespace) ?? GRYPE_TOOL})`
      }
    ],
    cvss: cvssScores([
      ...(v.cvss ?? []).map((c) => [c, v.namespace]),
      ...related.flatMap((r) => (r.cvss ?? []).map((c) => [c, r.namespace]))
    ]),
    fix: fixOf(v.fix),
    ...vendorStatusesOf(v),
    // Grype has no short title; the id stands in (the merged finding takes Trivy's title when both report it).
    title: v.id,
    ...description ? { description } : {},
    links: collectLinks([v.dataSource, ...v.urls ?? []]),
    ...epss ? { epss: { score: epss.epss, percentile: epss.percentile } } : {},
    ...(v.knownExploited?.length ?? 0) > 0 ? { knownExploited: true } : {},
    foundBy: [GRYPE_TOOL]
  };
}
var OS_PACKAGE_TYPES = /* @__PURE__ */ new Set(["apk", "deb", "rpm", "alpm", "portage"]);
function packageOf(artifact) {
  const purl = nonEmpty(artifact.purl);
  const rawType = nonEmpty(artifact.type)?.toLowerCase();
  const type = normaliseEcosystem(purlType(purl) ?? rawType);
  const version = nonEmpty(artifact.version);
  const path3 = rawType && OS_PACKAGE_TYPES.has(rawType) ? void 0 : normalisePath(artifact.locations?.[0]?.path ?? void 0);
  return {
    name: artifact.name,
    ...version ? { version } : {},
    ...type ? { type } : {},
    ...purl ? { purl } : {},
    ...path3 ? { path: path3 } : {}
  };
}
function cvssScores(entries) {
  const scores = /* @__PURE__ */ new Map();
  for (const [cvss, namespace] of entries) {
    const score = cvss.metrics?.baseScore;
    if (!isCvssScore(score)) continue;
    const source = nonEmpty(cvss.source) ?? nonEmpty(namespace) ?? GRYPE_TOOL;
    const version = nonEmpty(cvss.version);
    const vector = nonEmpty(cvss.vector);
    const key = `${source}|${version ?? ""}|${vector ?? ""}|${score}`;
    if (!scores.has(key))
      scores.set(key, { source, ...version ? { version } : {}, ...vector ? { vector } : {}, score });
  }
  return [...scores.values()];
}
var FIX_STATES = /* @__PURE__ */ new Map([
  ["fixed", "fixed"],
  ["not-fixed", "not-fixed"],
  ["wont-fix", "wont-fix"],
  ["unknown", "unknown"]
]);
function fixOf(fix) {
  const versions = (fix?.versions ?? []).map((version) => version.trim()).filter((version) => version !== "");
  const state = FIX_STATES.get(nonEmpty(fix?.state)?.toLowerCase() ?? "") ?? "unknown";
  return { state, versions };
}
function vendorStatusesOf(v) {
  if (nonEmpty(v.fix?.state)?.toLowerCase() !== "wont-fix") return {};
  const source = nonEmpty(v.namespace);
  return {
    vendorStatuses: [{ scanner: GRYPE_TOOL, status: "will_not_fix", ...source ? { source } : {} }]
  };
}

// src/scanners/grype/index.ts
var DB_FAILURE = /failed to load vulnerability db|unable to update vulnerability database|vulnerability database update|database does not exist|bad db checksum|unable to (?:fetch|download) (?:latest\.json|listing)/i;
function explainGrypeFailure(outputs2) {
  if (DB_FAILURE.test(outputs2.stderr)) {
    return "grype could not load the vulnerability database container-gate gave it; vulnerability scanning is unavailable \u2014 name a reachable mirror with --grype-db-url, or fill the cache (--cache-dir)";
  }
  return explainRegistryFailure(outputs2.stderr);
}
var grypeScanner = {
  name: "grype",
  produces: ["vulnerability"],
  executable: "grype",
  installHint: "grype not found on PATH \u2014 install it (https://github.com/anchore/grype#installation) or pass --grype-path",
  reads: "image",
  // grype/pkg/syft_sbom_provider.go decodes every format Syft's decoders know (syft/format): these three among them.
  sbomInputs: ["cyclonedx-json", "spdx-json", "syft-json"],
  command: grypeCommand,
  parse: (outputs2, ctx) => parseGrypeJson(outputs2.files.json ?? "", ctx),
  versionArgs: ["--version"],
  explainFailure: explainGrypeFailure
};

// src/scanners/syft/licenses.ts
function sbomLicenseFindings(docs, ctx, tool) {
  const order = ["syft-json", "cyclonedx-json", "spdx-json"];
  const doc = order.map((format) => docs.find((d) => d.format === format)).find(Boolean);
  if (!doc) return [];
  const declared = doc.format === "syft-json" ? syftLicenses(doc.content, tool) : doc.format === "cyclonedx-json" ? cycloneDxLicenses(doc.content, tool) : spdxLicenses(doc.content, tool);
  return declared.filter((d) => !isNoAssertion(d.license)).map((d) => licenseFinding(d, ctx, tool));
}
function licenseFinding(d, ctx, tool) {
  const raw = d.license.trim();
  const id3 = normaliseLicenseExpression(raw);
  const type = normaliseEcosystem(purlType(d.purl));
  return {
    kind: "license",
    id: id3,
    aliases: raw !== id3 ? [raw] : [],
    target: ctx.target,
    package: {
      name: d.name,
      ...d.version ? { version: d.version } : {},
      ...type ? { type } : {},
      ...d.purl ? { purl: d.purl } : {}
    },
    severity: "unknown",
    severitySource: tool,
    severities: [{ scanner: tool, severity: "unknown", vendorSeverity: "declared in the SBOM" }],
    cvss: [],
    fix: { state: "unknown", versions: [] },
    title: `${id3} license`,
    description: `${tool}'s SBOM says ${d.name}${d.version ? ` ${d.version}` : ""} is licensed ${raw}`,
    links: [],
    foundBy: [tool]
  };
}
function syftLicenses(content, tool) {
  const doc = parseToolJson(content, tool, "Syft JSON SBOM", syftJsonSchema);
  return doc.artifacts.flatMap((artifact) => {
    const name = artifact.name;
    const version = textOf(artifact.version);
    const purl = textOf(artifact.purl);
    const licenses = Array.isArray(artifact.licenses) ? artifact.licenses : [];
    return licenses.flatMap((entry) => {
      const license = typeof entry === "string" ? entry : textOf(field(entry, "spdxExpression")) ?? textOf(field(entry, "value"));
      return license ? [{ name, ...optional({ version, purl }), license }] : [];
    });
  });
}
function cycloneDxLicenses(content, tool) {
  const doc = parseToolJson(content, tool, "CycloneDX JSON SBOM", cycloneDxSchema);
  const out = [];
  const visit2 = (components) => {
    for (const component of components ?? []) {
      const name = textOf(component.name);
      const licenses = Array.isArray(component.licenses) ? component.licenses : [];
      if (name && component.type !== "operating-system") {
        for (const entry of licenses) {
          const inner = field(entry, "license");
          const license = textOf(field(entry, "expression")) ?? textOf(field(inner, "id")) ?? textOf(field(inner, "name"));
          if (license)
            out.push({
              name,
              ...optional({ version: textOf(component.version), purl: textOf(component.purl) }),
              license
            });
        }
      }
      visit2(component.components);
    }
  };
  visit2(doc.components);
  return out;
}
function spdxLicenses(content, tool) {
  const doc = parseToolJson(content, tool, "SPDX JSON SBOM", spdxSchema);
  const described = new Set(doc.documentDescribes ?? []);
  return (doc.packages ?? []).flatMap((pkg) => {
    const name = textOf(pkg.name);
    if (!name || described.has(pkg.SPDXID)) return [];
    const concluded = textOf(pkg.licenseConcluded);
    const license = concluded && !isNoAssertion(concluded) ? concluded : textOf(pkg.licenseDeclared);
    const purl = (pkg.externalRefs ?? []).find((r) => r.referenceType === "purl")?.referenceLocator ?? void 0;
    return license ? [{ name, ...optional({ version: textOf(pkg.versionInfo), purl: textOf(purl) }), license }] : [];
  });
}
function field(value, key) {
  return value !== null && typeof value === "object" ? value[key] : void 0;
}
function textOf(value) {
  return typeof value === "string" ? nonEmpty(value) : void 0;
}
function optional(values) {
  return {
    ...values.version ? { version: values.version } : {},
    ...values.purl ? { purl: values.purl } : {}
  };
}

// src/scanners/syft/index.ts
var SYFT_ROLES = Object.keys(SBOM_ROLES);
var syftScanner = {
  name: "syft",
  produces: "sbom",
  executable: "syft",
  installHint: "syft not found on PATH \u2014 install it (https://github.com/anchore/syft#installation) or pass --syft-path",
  reads: "image",
  command: syftCommand,
  parse: (outputs2, ctx) => {
    const sboms = parseSbomOutputs(outputs2.files, "syft", SYFT_ROLES);
    return { findings: sbomLicenseFindings(sboms, ctx, "syft"), sboms };
  },
  versionArgs: ["--version"],
  explainFailure: (outputs2) => explainRegistryFailure(outputs2.stderr)
};

// src/scanners/trivy/schema.ts
var text4 = external_exports.string().nullish();
var id2 = external_exports.string().trim().min(1);
var lineNumber = external_exports.number().int().nonnegative().nullish();
var cvssEntry = external_exports.object({
  V2Vector: text4,
  V3Vector: text4,
  V40Vector: text4,
  V2Score: external_exports.number().nullish(),
  V3Score: external_exports.number().nullish(),
  V40Score: external_exports.number().nullish()
});
var trivyVulnerabilitySchema = external_exports.object({
  VulnerabilityID: id2,
  VendorIDs: external_exports.array(external_exports.string()).nullish(),
  PkgName: id2,
  PkgPath: text4,
  PkgIdentifier: external_exports.object({ PURL: text4 }).nullish(),
  InstalledVersion: text4,
  FixedVersion: text4,
  Status: text4,
  Severity: text4,
  SeveritySource: text4,
  DataSource: external_exports.object({ ID: text4, Name: text4 }).nullish(),
  PrimaryURL: text4,
  Title: text4,
  Description: text4,
  CVSS: external_exports.record(external_exports.string(), cvssEntry).nullish(),
  References: external_exports.array(external_exports.string()).nullish()
});
var trivySecretSchema = external_exports.object({
  RuleID: id2,
  Category: text4,
  Severity: text4,
  Title: text4,
  StartLine: lineNumber,
  EndLine: lineNumber
});
var trivyMisconfigurationSchema = external_exports.object({
  ID: id2,
  AVDID: text4,
  Title: text4,
  Description: text4,
  Message: text4,
  Resolution: text4,
  Severity: text4,
  PrimaryURL: text4,
  References: external_exports.array(external_exports.string()).nullish(),
  Status: text4,
  CauseMetadata: external_exports.object({ StartLine: lineNumber, EndLine: lineNumber }).nullish()
});
var trivyLicenseSchema = external_exports.object({
  Severity: text4,
  Category: text4,
  PkgName: text4,
  FilePath: text4,
  Name: external_exports.string().min(1),
  Confidence: external_exports.number().nullish(),
  Link: text4
});
var trivyResultSchema = external_exports.object({
  Target: external_exports.string(),
  Class: text4,
  Type: text4,
  Vulnerabilities: external_exports.array(trivyVulnerabilitySchema).nullish(),
  Secrets: external_exports.array(trivySecretSchema).nullish(),
  Misconfigurations: external_exports.array(trivyMisconfigurationSchema).nullish(),
  Licenses: external_exports.array(trivyLicenseSchema).nullish()
});
var trivyReportShape = external_exports.object({
  SchemaVersion: external_exports.number().int(),
  ArtifactName: external_exports.string(),
  /** `container_image`, `repository`, `filesystem`…: config and filesystem Targets are relative to ArtifactName. */
  ArtifactType: text4,
  Trivy: external_exports.object({ Version: text4 }).nullish(),
  Metadata: external_exports.object({
    OS: external_exports.object({ Family: text4, Name: text4, EOSL: external_exports.boolean().nullish() }).nullish()
  }).nullish(),
  Results: external_exports.array(trivyResultSchema).nullish()
});
var trivyReportSchema = withFastCheck(trivyReportShape, isTrivyReport);
function isCvssEntry(entry) {
  return isObject(entry) && isText(entry.V2Vector) && isText(entry.V3Vector) && isText(entry.V40Vector) && isNumberOrNone(entry.V2Score) && isNumberOrNone(entry.V3Score) && isNumberOrNone(entry.V40Score);
}
function isCvssMap(map) {
  if (map === void 0 || map === null) return true;
  if (!isObject(map)) return false;
  for (const key in map) if (Object.hasOwn(map, key) && !isCvssEntry(map[key])) return false;
  return true;
}
function isVulnerability2(v) {
  return isObject(v) && isId(v, "VulnerabilityID") && isListOrNone(v.VendorIDs, isString) && isId(v, "PkgName") && isText(v.PkgPath) && isObjectOrNone(v.PkgIdentifier, (p) => isText(p.PURL)) && isText(v.InstalledVersion) && isText(v.FixedVersion) && isText(v.Status) && isText(v.Severity) && isText(v.SeveritySource) && isObjectOrNone(v.DataSource, (d) => isText(d.ID) && isText(d.Name)) && isText(v.PrimaryURL) && isText(v.Title) && isText(v.Description) && isCvssMap(v.CVSS) && isListOrNone(v.References, isString);
}
function isSecret(s) {
  return isObject(s) && isId(s, "RuleID") && isText(s.Category) && isText(s.Severity) && isText(s.Title) && isLineNumber(s.StartLine) && isLineNumber(s.EndLine);
}
function isMisconfiguration(m) {
  return isObject(m) && isId(m, "ID") && [m.AVDID, m.Title, m.Description, m.Message, m.Resolution, m.Severity, m.PrimaryURL, m.Status].every(
    isText
  ) && isListOrNone(m.References, isString) && isObjectOrNone(m.CauseMetadata, (c) => isLineNumber(c.StartLine) && isLineNumber(c.EndLine));
}
function isLicense(l) {
  return isObject(l) && [l.Severity, l.Category, l.PkgName, l.FilePath, l.Link].every(isText) && typeof l.Name === "string" && l.Name.length > 0 && isNumberOrNone(l.Confidence);
}
function isResult(r) {
  return isObject(r) && typeof r.Target === "string" && isText(r.Class) && isText(r.Type) && isListOrNone(r.Vulnerabilities, isVulnerability2) && isListOrNone(r.Secrets, isSecret) && isListOrNone(r.Misconfigurations, isMisconfiguration) && isListOrNone(r.Licenses, isLicense);
}
function isOs(os) {
  return isText(os.Family) && isText(os.Name) && (os.EOSL === void 0 || os.EOSL === null || typeof os.EOSL === "boolean");
}
function isTrivyReport(report) {
  return isObject(report) && Number.isSafeInteger(report.SchemaVersion) && typeof report.ArtifactName === "string" && isText(report.ArtifactType) && isObjectOrNone(report.Trivy, (t) => isText(t.Version)) && isObjectOrNone(report.Metadata, (m) => isObjectOrNone(m.OS, isOs)) && isListOrNone(report.Results, isResult);
}

// src/scanners/trivy/parse.ts
var TRIVY_TOOL = "trivy";
function parseTrivyJson(text5, ctx, scanner) {
  const report = parseToolJson(text5, scanner, "JSON report", trivyReportSchema);
  const findings = [];
  const root = scannedRoot(report, ctx);
  for (const result of report.Results ?? []) {
    if (root !== void 0) result.Target = underRoot(root, result.Target);
    for (const vulnerability of result.Vulnerabilities ?? []) {
      findings.push(vulnerabilityFinding(vulnerability, result, ctx));
    }
    for (const secret of result.Secrets ?? []) findings.push(secretFinding(secret, result, ctx));
    for (const misconfiguration of result.Misconfigurations ?? []) {
      const status = (misconfiguration.Status ?? "FAIL").toUpperCase();
      if (status === "FAIL") findings.push(misconfigurationFinding(misconfiguration, result, ctx));
    }
    for (const license of result.Licenses ?? []) findings.push(licenseFinding2(license, ctx));
  }
  const warnings = [
    ...reportWarnings(report),
    ...ignoredScoresWarning(countInvalidCvss(report), "CVSS scores", "0\u201310")
  ];
  const toolVersion2 = nonEmpty(report.Trivy?.Version);
  const packageTypes = uniqueSorted(
    (report.Results ?? []).map((r) => nonEmpty(r.Type) ?? "").filter(Boolean)
  );
  return {
    findings: dedupeFindings(findings),
    ...warnings.length > 0 ? { warnings } : {},
    ...toolVersion2 ? { toolVersion: toolVersion2 } : {},
    ...packageTypes.length > 0 ? { packageTypes } : {}
  };
}
function vulnerabilityFinding(v, result, ctx) {
  const severity2 = parseSeverity(v.Severity);
  const rawSeverity = nonEmpty(v.Severity) ?? "UNKNOWN";
  const source = nonEmpty(v.SeveritySource);
  const description = nonEmpty(v.Description);
  return {
    kind: "vulnerability",
    id: v.VulnerabilityID,
    aliases: uniqueSorted((v.VendorIDs ?? []).map((alias) => alias.trim())).filter(
      (alias) => alias !== "" && alias !== v.VulnerabilityID
    ),
    target: ctx.target,
    package: packageOf2(v, result),
    severity: severity2,
    severitySource: TRIVY_TOOL,
    severities: [
      { scanner: TRIVY_TOOL, severity: severity2, vendorSeverity: source ? `${rawSeverity} (${source})` : rawSeverity }
    ],
    cvss: cvssScores2(v.CVSS),
    fix: fixOf2(v),
    ...vendorStatusesOf2(v),
    title: nonEmpty(v.Title) ?? v.VulnerabilityID,
    ...description ? { description } : {},
    links: collectLinks([v.PrimaryURL, ...v.References ?? []]),
    foundBy: [TRIVY_TOOL]
  };
}
function packageOf2(v, result) {
  const purl = nonEmpty(v.PkgIdentifier?.PURL);
  const version = nonEmpty(v.InstalledVersion);
  const type = normaliseEcosystem(purlType(purl) ?? nonEmpty(result.Type));
  const path3 = normalisePath(v.PkgPath ?? void 0);
  return {
    name: v.PkgName,
    ...version ? { version } : {},
    ...type ? { type } : {},
    ...purl ? { purl } : {},
    ...path3 ? { path: path3 } : {}
  };
}
function cvssScores2(map) {
  if (!map) return [];
  const scores = [];
  for (const source of Object.keys(map).sort()) {
    const entry = map[source];
    if (!entry) continue;
    const candidates = [
      [entry.V3Score, entry.V3Vector, "3"],
      [entry.V40Score, entry.V40Vector, "4.0"],
      [entry.V2Score, entry.V2Vector, "2.0"]
    ];
    const chosen = candidates.find(([score2]) => isCvssScore(score2));
    if (!chosen) continue;
    const [score, rawVector, fallbackVersion] = chosen;
    const vector = nonEmpty(rawVector);
    const version = vector && /^CVSS:(\d+(?:\.\d+)?)\//.exec(vector)?.[1] || fallbackVersion;
    scores.push({ source, version, ...vector ? { vector } : {}, score });
  }
  return scores;
}
var FIX_STATES2 = /* @__PURE__ */ new Map([
  ["fixed", "fixed"],
  ["affected", "not-fixed"],
  ["fix_deferred", "not-fixed"],
  ["will_not_fix", "wont-fix"],
  ["end_of_life", "wont-fix"],
  ["under_investigation", "unknown"],
  ["not_affected", "unknown"],
  ["unknown", "unknown"]
]);
var VENDOR_STATEMENTS = /* @__PURE__ */ new Set([
  "not_affected",
  "will_not_fix",
  "fix_deferred",
  "end_of_life",
  "under_investigation"
]);
function trivyStatus(v) {
  const status = nonEmpty(v.Status)?.toLowerCase();
  if (status === void 0) return void 0;
  return FIX_STATES2.has(status) ? status : "unknown";
}
function fixOf2(v) {
  const versions = (v.FixedVersion ?? "").split(",").map((version) => version.trim()).filter((version) => version !== "");
  const status = trivyStatus(v);
  if (versions.length > 0 && status !== "not_affected") return { state: "fixed", versions };
  return { state: FIX_STATES2.get(status ?? "unknown") ?? "unknown", versions };
}
function vendorStatusesOf2(v) {
  const status = trivyStatus(v);
  if (status === void 0 || !VENDOR_STATEMENTS.has(status)) return {};
  const source = nonEmpty(v.DataSource?.ID) ?? nonEmpty(v.SeveritySource);
  const opinion = { scanner: TRIVY_TOOL, status };
  if (source) opinion.source = source;
  return { vendorStatuses: [opinion] };
}
function secretFinding(s, result, ctx) {
  const severity2 = parseSeverity(s.Severity);
  const category = nonEmpty(s.Category);
  return {
    kind: "secret",
    id: s.RuleID,
    aliases: [],
    target: ctx.target,
    location: locationOf(result.Target, s.StartLine, s.EndLine),
    severity: severity2,
    severitySource: TRIVY_TOOL,
    severities: [{ scanner: TRIVY_TOOL, severity: severity2, vendorSeverity: nonEmpty(s.Severity) ?? "UNKNOWN" }],
    cvss: [],
    fix: { state: "unknown", versions: [] },
    title: nonEmpty(s.Title) ?? s.RuleID,
    ...category ? { description: `${category} secret matched by Trivy rule ${s.RuleID}` } : {},
    links: [],
    remediation: "Remove the secret from the image and its build history, then revoke and rotate it",
    foundBy: [TRIVY_TOOL]
  };
}
function misconfigurationFinding(m, result, ctx) {
  const severity2 = parseSeverity(m.Severity);
  const { id: id3, aliases } = checkIdentity(m.ID, m.AVDID);
  const description = [nonEmpty(m.Message), nonEmpty(m.Description)].filter(Boolean).join("\n\n");
  const remediation = nonEmpty(m.Resolution);
  return {
    kind: "misconfiguration",
    id: id3,
    aliases,
    target: ctx.target,
    location: locationOf(result.Target, m.CauseMetadata?.StartLine, m.CauseMetadata?.EndLine),
    severity: severity2,
    severitySource: TRIVY_TOOL,
    severities: [{ scanner: TRIVY_TOOL, severity: severity2, vendorSeverity: nonEmpty(m.Severity) ?? "UNKNOWN" }],
    cvss: [],
    fix: { state: "unknown", versions: [] },
    title: nonEmpty(m.Title) ?? id3,
    ...description ? { description } : {},
    links: collectLinks([m.PrimaryURL, ...m.References ?? []]),
    ...remediation ? { remediation } : {},
    foundBy: [TRIVY_TOOL]
  };
}
function licenseFinding2(l, ctx) {
  const severity2 = parseSeverity(l.Severity);
  const raw = l.Name.trim();
  const id3 = normaliseLicenseExpression(raw);
  const category = nonEmpty(l.Category)?.toLowerCase();
  const pkgName = nonEmpty(l.PkgName);
  const filePath = normalisePath(l.FilePath ?? void 0);
  const confidence = typeof l.Confidence === "number" && l.Confidence < 1 ? ` (match confidence ${l.Confidence})` : "";
  return {
    kind: "license",
    id: id3,
    aliases: raw !== id3 ? [raw] : [],
    target: ctx.target,
    ...pkgName ? { package: { name: pkgName } } : {},
    ...filePath && !pkgName ? { location: { path: filePath } } : {},
    severity: severity2,
    severitySource: TRIVY_TOOL,
    severities: [{ scanner: TRIVY_TOOL, severity: severity2, vendorSeverity: nonEmpty(l.Severity) ?? "UNKNOWN" }],
    cvss: [],
    fix: { state: "unknown", versions: [] },
    title: category ? `${id3} (${category} license)` : `${id3} license`,
    description: `Trivy classifies ${id3} as ${category ?? "unknown"}${confidence}`,
    links: collectLinks([l.Link]),
    foundBy: [TRIVY_TOOL]
  };
}
var CHECK_ID = /^(?:AVD-)?([A-Z]+)-?(\d+)$/i;
function checkIdentity(rawId, avdId) {
  const match = CHECK_ID.exec(rawId.trim());
  if (!match) return { id: rawId, aliases: uniqueSorted([avdId ?? ""]).filter((alias) => alias !== rawId) };
  const prefix = match[1].toUpperCase();
  const number = match[2].replace(/^0+(?=\d)/, "");
  const id3 = `${prefix}-${number.padStart(4, "0")}`;
  const spellings2 = [rawId, avdId ?? "", `${prefix}${number.padStart(3, "0")}`, `AVD-${id3}`];
  return { id: id3, aliases: uniqueSorted(spellings2).filter((alias) => alias !== id3) };
}
function locationOf(target, startLine, endLine) {
  return {
    path: normalisePath(target) ?? target,
    ...startLine ? { startLine } : {},
    ...endLine ? { endLine } : {}
  };
}
function scannedRoot(report, ctx) {
  const type = report.ArtifactType;
  if (type !== "repository" && type !== "filesystem") return void 0;
  return ctx.givenPath ?? nonEmpty(report.ArtifactName);
}
function underRoot(root, target) {
  const base = root.replace(/\/+$/, "");
  if (base === "." || base === "" || target.startsWith("/") || target.startsWith(`${base}/`)) return target;
  if (base === target || base.endsWith(`/${target}`)) return base;
  return `${base}/${target}`;
}
function countInvalidCvss(report) {
  let count = 0;
  for (const result of report.Results ?? [])
    for (const v of result.Vulnerabilities ?? [])
      for (const entry of Object.values(v.CVSS ?? {}))
        for (const score of [entry.V2Score, entry.V3Score, entry.V40Score])
          if (typeof score === "number" && !isCvssScore(score)) count++;
  return count;
}
function reportWarnings(report) {
  const os = report.Metadata?.OS;
  if (!os?.EOSL) return [];
  const name = [nonEmpty(os.Family), nonEmpty(os.Name)].filter(Boolean).join(" ") || "the base OS";
  return [
    `${name} has reached end of support; its distribution publishes no more fixes, so vulnerability results for its packages are incomplete \u2014 move to a supported base image`
  ];
}

// src/scanners/trivy/index.ts
var INSTALL_HINT = "trivy not found on PATH \u2014 install it (https://trivy.dev/latest/getting-started/installation/) or pass --trivy-path";
var VULN_DB_FAILURE = /failed to download vulnerability DB|\bDB error\b|\[vulndb\]|trivy-db/i;
var JAVA_DB_FAILURE = /java DB|trivy-java-db|\[javadb\]/i;
var JAVA_DB_MISSING_TEXT = /'--skip-java-db-update' cannot be specified on the first run|first run cannot skip downloading Java DB/i;
var JAVA_DB_MISSING = "the image holds Java archives and the Java index database was not in the cache given to trivy";
var DIED_DOWNLOADING_DB = /Downloading (vulnerability )?DB/i;
function explainTrivyFailure(outputs2) {
  const lines = outputs2.stderr.replace(/\u001b\[[0-9;]*m/g, "").split(/\r?\n/).filter((line) => line.trim() !== "");
  const stderr = lines.filter((line) => !/\s(INFO|DEBUG|WARN)\s/.test(line)).join("\n");
  const diedDownloadingDb = DIED_DOWNLOADING_DB.test(lines.at(-1) ?? "");
  if (JAVA_DB_MISSING_TEXT.test(stderr)) return JAVA_DB_MISSING;
  if (JAVA_DB_FAILURE.test(stderr)) {
    return "the Java index database could not be read or downloaded; Java packages cannot be identified \u2014 name a reachable mirror with --trivy-java-db-repository, or fill the cache (--cache-dir)";
  }
  if (VULN_DB_FAILURE.test(stderr) || diedDownloadingDb) {
    const cause = /TOOMANYREQUESTS|429/.test(stderr) ? "rate-limited by the registry" : /schema|old DB/i.test(stderr) ? "its schema is not the one this trivy reads" : "offline, rate-limited or unreadable";
    return `trivy could not use the vulnerability database (${cause}); vulnerability scanning is unavailable \u2014 name a reachable mirror with --trivy-db-repository, or fill the cache (--cache-dir)`;
  }
  return explainRegistryFailure(stderr);
}
var slot = (name, pass, produces) => ({
  name,
  pass,
  produces,
  executable: "trivy",
  installHint: INSTALL_HINT,
  reads: "image",
  versionArgs: ["--version"],
  explainFailure: explainTrivyFailure
});
var trivyVulnScanner = {
  ...slot("trivy", "vuln", ["vulnerability"]),
  sbomInputs: ["cyclonedx-json", "spdx-json"]
};
var trivySecretScanner = slot("trivy-secret", "secret", ["secret"]);
var trivyLicenseScanner = slot("trivy-license", "license", ["license"]);
var trivySbomScanner = slot("trivy-sbom", "sbom", "sbom");
var trivyConfigScanner = {
  name: "trivy-config",
  produces: ["misconfiguration"],
  executable: "trivy",
  installHint: INSTALL_HINT,
  reads: "config",
  command: (_target, opts) => trivyConfigCommand(opts),
  parse: (outputs2, ctx) => parseTrivyJson(outputs2.files.json ?? "", ctx, "trivy-config"),
  versionArgs: ["--version"],
  explainFailure: explainTrivyFailure
};
var processBase = {
  executable: "trivy",
  installHint: INSTALL_HINT,
  reads: "image",
  versionArgs: ["--version"],
  explainFailure: explainTrivyFailure
};
function trivyImagePassProcess(plan) {
  return {
    ...processBase,
    name: plan.scanners.includes("vuln") ? "trivy" : plan.scanners.includes("secret") ? "trivy-secret" : plan.scanners.includes("license") ? "trivy-license" : "trivy-sbom",
    produces: ["vulnerability", "secret", "license"],
    command: (target, opts) => trivyImageCommand(target, opts, plan),
    parse: (outputs2, ctx) => parseTrivyJson(outputs2.files.json ?? "", ctx, "trivy")
  };
}
function trivyConvertProcess(report, role) {
  return {
    ...processBase,
    name: "trivy-sbom",
    produces: "sbom",
    command: (_target, opts) => trivyConvertCommand(report, opts, role),
    parse: (outputs2) => ({ findings: [], sboms: parseSbomOutputs(outputs2.files, "trivy-sbom", [role]) })
  };
}
var trivySbomFileProcess = {
  ...processBase,
  name: "trivy",
  produces: ["vulnerability"],
  command: trivySbomFileCommand,
  parse: (outputs2, ctx) => parseTrivyJson(outputs2.files.json ?? "", ctx, "trivy")
};

// src/scanners/registry.ts
var SCANNERS = {
  trivy: trivyVulnScanner,
  "trivy-secret": trivySecretScanner,
  "trivy-license": trivyLicenseScanner,
  "trivy-config": trivyConfigScanner,
  "trivy-sbom": trivySbomScanner,
  grype: grypeScanner,
  syft: syftScanner
};
function scannerByName(name) {
  return Object.hasOwn(SCANNERS, name) ? SCANNERS[name] : void 0;
}

// src/scanners/trivy/pass.ts
import { join as join14 } from "node:path";
var KIND_OF = {
  vuln: "vulnerability",
  secret: "secret",
  license: "license"
};
async function runTrivyPass(target, slots, ctx) {
  const wants = (pass2) => slots.some((slot2) => slot2.pass === pass2);
  const vuln = wants("vuln") ? await ctx.databases.vuln() : void 0;
  const vulnUnavailable = vuln !== void 0 && !vuln.ready ? vuln : void 0;
  const options = passOptions(ctx);
  if (target.kind === "sbom") return scanSbomFile(target, slots, ctx, vuln, options);
  const kinds = [];
  if (wants("vuln") && !vulnUnavailable) kinds.push("vuln");
  if (wants("secret")) kinds.push("secret");
  if (wants("license")) kinds.push("license");
  if (kinds.length === 0 && !wants("sbom")) {
    return slots.map((slot2) => ({ run: notRun(slot2, target, "failed", vulnUnavailable.reason) }));
  }
  const image = await imagePass(target, { kinds, wantsSbom: wants("sbom"), vuln }, ctx, options);
  const { pass } = image;
  const report = join14(image.options.workDir, TRIVY_REPORT_FILE);
  const sbom = wants("sbom") && pass.result ? await convert(report, target, ctx, options) : void 0;
  const readJava = image.java?.ready && pass.result?.packageTypes?.includes("jar") ? image.java.database : void 0;
  const { javaUnavailable } = image;
  const outcome = { pass, vuln, sbom, vulnUnavailable, javaUnavailable, readJava };
  return slots.map((slot2) => slotResult(slot2, target, outcome));
}
function passOptions(ctx) {
  return async (dir, ready = []) => {
    const workDir = join14(ctx.workDir, dir);
    return { ...ctx.options, workDir, cacheDir: await ctx.databases.cacheDir(`${workDir}.cache`, ready) };
  };
}
function scanSbomFile(target, slots, ctx, vuln, options) {
  return Promise.all(
    slots.map(async (slot2) => {
      if (slot2.pass !== "vuln")
        return { run: notRun(slot2, target, "skipped", "an SBOM file has no image to look into") };
      if (!vuln.ready) return { run: notRun(slot2, target, "failed", vuln.reason) };
      const result = await ctx.run(trivySbomFileProcess, target, await options("sbom", [vuln]));
      return withDatabases(result, vuln);
    })
  );
}
async function imagePass(target, want, ctx, options) {
  const { kinds, vuln } = want;
  const java = kinds.includes("vuln") ? await ctx.databases.javaAhead() : void 0;
  const ready = [vuln, java].filter((d) => d?.ready === true);
  const first = await options("pass", ready);
  const pass = await ctx.run(trivyImagePassProcess({ scanners: kinds }), target, first);
  if (pass.result || pass.run.error !== JAVA_DB_MISSING || java?.ready) return { pass, options: first, java };
  return passAgainForJava(target, want, ctx, options, pass);
}
async function passAgainForJava(target, want, ctx, options, failed) {
  const java = await ctx.databases.java();
  if (java.ready) {
    const withJava = await options("pass-java", [want.vuln, java]);
    const pass2 = await ctx.run(trivyImagePassProcess({ scanners: want.kinds }), target, withJava);
    return { pass: pass2, options: withJava, java };
  }
  const kinds = [...want.kinds];
  kinds.splice(kinds.indexOf("vuln"), 1);
  const withoutVuln = await options("pass-without-vuln", []);
  const pass = kinds.length > 0 || want.wantsSbom ? await ctx.run(trivyImagePassProcess({ scanners: kinds }), target, withoutVuln) : failed;
  return { pass, options: withoutVuln, java, javaUnavailable: java.reason };
}
function slotResult(slot2, target, outcome) {
  const { pass, vuln } = outcome;
  if (slot2.pass === "vuln" && outcome.vulnUnavailable)
    return { run: notRun(slot2, target, "failed", outcome.vulnUnavailable.reason) };
  if (slot2.pass === "vuln" && outcome.javaUnavailable)
    return { run: notRun(slot2, target, "failed", outcome.javaUnavailable) };
  if (!pass.result) return { run: failedAs(slot2, target, pass.run) };
  if (slot2.pass === "sbom") return sbomSlotResult(slot2, target, pass, outcome.sbom);
  const kind = KIND_OF[slot2.pass];
  const findings = pass.result.findings.filter((finding) => finding.kind === kind);
  const warnings = slot2.pass === "vuln" ? pass.run.warnings : passWarnings(pass);
  const run = slotRun(slot2, pass.run, findings.length, warnings);
  if (slot2.pass === "vuln" && vuln?.ready) {
    run.database = vuln.database;
    if (outcome.readJava) run.javaDatabase = outcome.readJava;
  }
  return {
    run,
    result: {
      findings,
      ...slot2.pass === "vuln" && pass.result.warnings ? { warnings: pass.result.warnings } : {}
    }
  };
}
function sbomSlotResult(slot2, target, pass, sbom) {
  if (!sbom?.sboms) return { run: failedAs(slot2, target, sbom?.failed ?? pass.run) };
  return {
    run: {
      ...slotRun(slot2, pass.run, 0, passWarnings(pass)),
      durationMs: pass.run.durationMs + sbom.durationMs,
      packages: sbom.packages
    },
    // The licenses the SBOM declares (unrated), like Syft's: Trivy rates them only with --scanners license.
    result: {
      findings: sbomLicenseFindings(sbom.sboms, { target: target.display }, "trivy"),
      sboms: sbom.sboms
    }
  };
}
function withDatabases(result, vuln) {
  if (!result.result || !vuln.ready) return result;
  return { ...result, run: { ...result.run, database: vuln.database } };
}
function trivySbomRoles(written) {
  return written.includes("spdx-json") ? ["cyclonedx", "spdx"] : ["cyclonedx"];
}
async function convert(report, target, ctx, options) {
  const runs = await Promise.all(
    trivySbomRoles(ctx.sbomFormatsWritten).map(
      (role) => options(`convert-${role}`).then((opts) => ctx.run(trivyConvertProcess(report, role), target, opts))
    )
  );
  const durationMs = Math.max(...runs.map((r) => r.run.durationMs));
  const failed = runs.find((r) => !r.result);
  if (failed) return { durationMs, failed: failed.run };
  const cyclonedx = runs[0].run;
  return {
    sboms: runs.flatMap((r) => r.result?.sboms ?? []),
    ...cyclonedx.packages !== void 0 ? { packages: cyclonedx.packages } : {},
    durationMs
  };
}
function slotRun(slot2, pass, findings, warnings) {
  const { packages: _packages, warnings: _warnings, ...rest } = pass;
  return { ...rest, name: slot2.name, findings, ...warnings && warnings.length > 0 ? { warnings } : {} };
}
function passWarnings(pass) {
  const own = new Set(pass.result?.warnings ?? []);
  return pass.run.warnings?.filter((warning) => !own.has(warning));
}
function failedAs(slot2, target, run) {
  return {
    name: slot2.name,
    target: target.display,
    status: run.status,
    durationMs: run.durationMs,
    findings: 0,
    ...run.version ? { version: run.version } : {},
    ...run.error ? { error: run.error } : {}
  };
}
function notRun(slot2, target, status, reason) {
  return { name: slot2.name, target: target.display, status, durationMs: 0, findings: 0, error: reason };
}

// src/scanners/jobs.ts
var SYFT_FOR_GRYPE_ENV = { SYFT_GOLANG_CAPTURE_SYMBOLS: "all" };
function grypeTarget(target, syft, info) {
  const sbom = syft.result ? syft.outputs?.["syft-json"] : void 0;
  if (!sbom) {
    info(`grype reads ${target.display} itself: syft, whose SBOM it would have read, did not finish`);
    return target;
  }
  return {
    display: target.display,
    name: target.name,
    kind: "sbom",
    path: sbom,
    sbomFormat: "syft-json",
    ...target.digest ? { digest: target.digest } : {}
  };
}
function skippedOnSbom(scanner, target) {
  const format = target.sbomFormat ? sbomFormatName(target.sbomFormat) : "this";
  const why = scanner.sbomInputs ? `${scanner.name} does not read ${format} SBOMs` : scanner.produces === "sbom" ? "the target is an SBOM already" : "an SBOM has no image files to look into";
  return {
    name: scanner.name,
    target: target.display,
    status: "skipped",
    durationMs: 0,
    findings: 0,
    error: why
  };
}
function noSbomReader(target) {
  const format = target.sbomFormat ? sbomFormatName(target.sbomFormat) : "an";
  const readers = Object.values(SCANNERS).filter((s) => target.sbomFormat && s.sbomInputs?.includes(target.sbomFormat)).map((s) => s.name);
  return `${target.display}: none of the selected scanners scans ${format} SBOMs for vulnerabilities \u2014 add ${readers.join(" or ")} to --scanners`;
}
function createScannerJobs(ctx) {
  let sequence = 0;
  const jobs = { ctx, next: () => sequence++, trivyDatabases: trivyPassDatabases(ctx) };
  return {
    forTarget: (target, selected) => scanTarget(jobs, target, selected),
    async forConfig(path3, scanner) {
      const [result] = await runSingle(jobs, scanner, { display: path3, name: path3, kind: "files", path: path3 }, [
        path3
      ]);
      return result;
    }
  };
}
function nextDir(jobs, label) {
  return join15(jobs.ctx.workDir, `${String(jobs.next()).padStart(3, "0")}-${label}`);
}
function scanOptions(ctx, executable, workDir, configPaths) {
  return {
    executable,
    workDir,
    insecureRegistry: ctx.insecureRegistry,
    ...configPaths ? { configPaths } : {}
  };
}
function runLimited(ctx, process2, target, options) {
  return ctx.limit(
    () => runScannerJob({ scanner: process2, target, options, timeoutMs: ctx.timeoutMs, signal: ctx.signal })
  );
}
async function tracked(jobs, entries, work) {
  const { ctx } = jobs;
  const ids = entries.map(({ scanner, target }) => {
    const id3 = `${scanner.scanner.name}#${jobs.next()}`;
    ctx.progress?.start(id3, `${scanner.scanner.name} ${target.display}`);
    return id3;
  });
  const [outcomes, version] = await Promise.all([
    work(),
    entries[0] ? ctx.versionOf(entries[0].scanner.executable, entries[0].scanner.scanner) : void 0
  ]);
  outcomes.forEach((outcome, i) => {
    if (!outcome.run.version && version) outcome.run.version = version;
    ctx.progress?.finish(ids[i], outcome.run);
  });
  return outcomes;
}
function trivyPassDatabases(ctx) {
  return {
    vuln: () => ctx.databases.get("trivy-db"),
    javaAhead: () => ctx.javaAhead ? ctx.databases.get("trivy-java-db") : Promise.resolve(void 0),
    java: () => ctx.databases.get("trivy-java-db"),
    cacheDir: (dir, ready) => ctx.databases.trivyCacheDir(dir, ready)
  };
}
function runSingle(jobs, s, target, configPaths, env) {
  const { ctx } = jobs;
  return tracked(jobs, [{ scanner: s, target }], async () => {
    const workDir = nextDir(jobs, s.scanner.name);
    const opts = {
      ...scanOptions(ctx, s.executable, workDir, configPaths),
      ...env ? { env } : {}
    };
    const database = await databaseFor(ctx, s, workDir, opts);
    if (database && !database.ready && !database.database) {
      return [
        {
          run: {
            name: s.scanner.name,
            target: target.display,
            status: "failed",
            durationMs: 0,
            findings: 0,
            error: database.reason
          }
        }
      ];
    }
    const result = await runLimited(ctx, s.scanner, target, opts);
    if (result.result && database?.database) result.run.database = database.database;
    return [result];
  });
}
async function databaseFor(ctx, s, workDir, opts) {
  if (s.scanner.name === "grype") {
    const outcome = await ctx.databases.get("grype-db");
    if (outcome.ready) opts.env = { ...opts.env, ...ctx.databases.grypeEnv(outcome.dir) };
    return outcome;
  }
  if (s.scanner.name === "trivy-config") {
    const outcome = await ctx.databases.get("trivy-checks");
    opts.cacheDir = await ctx.databases.trivyCacheDir(`${workDir}.cache`, [outcome]);
    opts.toolVersion = await ctx.versionOf(s.executable, s.scanner);
    return outcome;
  }
  return void 0;
}
async function scanTarget(jobs, target, selected) {
  const { readers, skipped } = sbomReaders(target, selected);
  const slots = readers.filter((s) => isTrivyPassSlot(s.scanner));
  const processes = readers.filter((s) => !isTrivyPassSlot(s.scanner));
  const [passResults, processResults] = await Promise.all([
    runTrivySlots(jobs, target, slots),
    Promise.all(runProcesses(jobs, target, processes))
  ]);
  const byName = new Map(skipped.map((result) => [result.run.name, result]));
  for (const result of [...passResults, ...processResults.flat()]) byName.set(result.run.name, result);
  return selected.map((s) => byName.get(s.scanner.name));
}
function sbomReaders(target, selected) {
  if (target.kind !== "sbom") return { readers: selected, skipped: [] };
  const format = target.sbomFormat;
  const readers = selected.filter((s) => format !== void 0 && s.scanner.sbomInputs?.includes(format));
  if (readers.length === 0) throw new UsageError(noSbomReader(target));
  const skipped = selected.filter((s) => !readers.includes(s)).map((s) => ({ run: skippedOnSbom(s.scanner, target) }));
  return { readers, skipped };
}
function runTrivySlots(jobs, target, slots) {
  const first = slots[0];
  if (!first) return Promise.resolve([]);
  return tracked(
    jobs,
    slots.map((s) => ({ scanner: s, target })),
    () => runTrivyPass(
      target,
      slots.map((s) => s.scanner),
      {
        options: scanOptions(jobs.ctx, first.executable, ""),
        workDir: nextDir(jobs, "trivy"),
        run: (process2, passTarget, options) => runLimited(jobs.ctx, process2, passTarget, options),
        databases: jobs.trivyDatabases,
        sbomFormatsWritten: jobs.ctx.sbomFormatsWritten
      }
    )
  );
}
function runProcesses(jobs, target, processes) {
  const syft = processes.find((s) => s.scanner.name === "syft");
  const grype = processes.find((s) => s.scanner.name === "grype");
  const syftRun = syft ? runSingle(jobs, syft, target, void 0, grype ? SYFT_FOR_GRYPE_ENV : void 0) : void 0;
  return processes.map((s) => {
    if (s === syft) return syftRun;
    if (s === grype && syftRun && target.kind !== "sbom") {
      return syftRun.then(
        ([syftResult]) => runSingle(jobs, s, grypeTarget(target, syftResult, jobs.ctx.info))
      );
    }
    return runSingle(jobs, s, target);
  });
}

// src/tools/cache.ts
import { createHash as createHash5, randomBytes as randomBytes2 } from "node:crypto";
import { createReadStream as createReadStream2 } from "node:fs";
import { chmod, copyFile, mkdir as mkdir8, readFile as readFile5, rename as rename3, rm as rm7, writeFile as writeFile3 } from "node:fs/promises";
import { homedir } from "node:os";
import { join as join16 } from "node:path";
function defaultCacheDir(env = process.env) {
  const base = env.XDG_CACHE_HOME?.trim() || join16(homedir(), ".cache");
  return join16(base, "container-gate", "tools");
}
function directoryToolCache(root) {
  const dirOf = (tool, version, platform) => join16(root, tool, version, platform.replace("/", "-"));
  return {
    async find(tool, version, platform) {
      const dir = dirOf(tool, version, platform);
      return verifiedExecutable(join16(dir, tool), join16(dir, `${tool}.sha256`));
    },
    async store(tool, version, platform, executable) {
      const dir = dirOf(tool, version, platform);
      await mkdir8(dir, { recursive: true });
      const target = join16(dir, tool);
      const temp = join16(dir, `.${tool}.${process.pid}.${randomBytes2(4).toString("hex")}.tmp`);
      try {
        await copyFile(executable, temp);
        await chmod(temp, 493);
        const digest = await sha256File(temp);
        await rename3(temp, target);
        await writeFile3(join16(dir, `${tool}.sha256`), `${digest}
`);
      } finally {
        await rm7(temp, { force: true });
      }
      return target;
    }
  };
}
async function verifiedExecutable(executable, recordFile) {
  const recorded = (await readFile5(recordFile, "utf8").catch(() => "")).trim();
  if (!/^[0-9a-f]{64}$/.test(recorded)) return void 0;
  const actual = await sha256File(executable).catch(() => void 0);
  return actual === recorded ? executable : void 0;
}
function sha256File(path3) {
  return new Promise((resolve6, reject) => {
    const hash = createHash5("sha256");
    createReadStream2(path3).on("data", (chunk) => hash.update(chunk)).on("error", reject).on("end", () => resolve6(hash.digest("hex")));
  });
}

// src/tools/install.ts
import { createHash as createHash6 } from "node:crypto";
import { createWriteStream as createWriteStream2 } from "node:fs";
import { mkdir as mkdir9, mkdtemp, rm as rm8, stat as stat7 } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join as join17 } from "node:path";
import { Readable, Transform } from "node:stream";
import { pipeline as pipeline2 } from "node:stream/promises";

// src/tools/pins.ts
var release = (repo, version, file) => `https://github.com/${repo}/releases/download/v${version}/${file}`;
var TRIVY = "0.74.0";
var GRYPE = "0.118.0";
var SYFT = "1.51.1";
var COSIGN = "3.1.3";
var TOOL_PINS = {
  trivy: {
    version: TRIVY,
    assets: {
      "linux/amd64": {
        url: release("aquasecurity/trivy", TRIVY, `trivy_${TRIVY}_Linux-64bit.tar.gz`),
        sha256: "2ae6fe3ee734b7fdf11335663e18c75ea12dccc76062f09f164a3b0f8be4371a",
        binaryInArchive: "trivy"
      },
      "linux/arm64": {
        url: release("aquasecurity/trivy", TRIVY, `trivy_${TRIVY}_Linux-ARM64.tar.gz`),
        sha256: "b94ce1976bbf3c15b514b605ee88be7c6d94a29be2302847ff01cb794d47aad5",
        binaryInArchive: "trivy"
      },
      "darwin/amd64": {
        url: release("aquasecurity/trivy", TRIVY, `trivy_${TRIVY}_macOS-64bit.tar.gz`),
        sha256: "472816f6888dda689d075c30254d4210b4d1035acf365aa72332f584c2f60485",
        binaryInArchive: "trivy"
      },
      "darwin/arm64": {
        url: release("aquasecurity/trivy", TRIVY, `trivy_${TRIVY}_macOS-ARM64.tar.gz`),
        sha256: "1caada5e0e2091909357c7525d3aa76f4b660b13821bc143b190c7483e31cc11",
        binaryInArchive: "trivy"
      }
    }
  },
  grype: {
    version: GRYPE,
    assets: {
      "linux/amd64": {
        url: release("anchore/grype", GRYPE, `grype_${GRYPE}_linux_amd64.tar.gz`),
        sha256: "1d444c5e7360471815f7158f71935fcecc68a3c417d85c7344f770854300bba2",
        binaryInArchive: "grype"
      },
      "linux/arm64": {
        url: release("anchore/grype", GRYPE, `grype_${GRYPE}_linux_arm64.tar.gz`),
        sha256: "32aceeb8ee837244775fcb522372c8b3a47914986385f3148f4ee2c930482a84",
        binaryInArchive: "grype"
      },
      "darwin/amd64": {
        url: release("anchore/grype", GRYPE, `grype_${GRYPE}_darwin_amd64.tar.gz`),
        sha256: "cfeecf3462321c37ec4bd37dcd8a7f6630cc6c0c9997a07ff34002c5d7ef9bb3",
        binaryInArchive: "grype"
      },
      "darwin/arm64": {
        url: release("anchore/grype", GRYPE, `grype_${GRYPE}_darwin_arm64.tar.gz`),
        sha256: "938f050bb5076c8aa761867b39843abad2414dfe4cc82b7d36886e634f49c640",
        binaryInArchive: "grype"
      }
    }
  },
  syft: {
    version: SYFT,
    assets: {
      "linux/amd64": {
        url: release("anchore/syft", SYFT, `syft_${SYFT}_linux_amd64.tar.gz`),
        sha256: "8fcb33017a0dc1058298c923c436d19dfa68ae93968e0b423248542e3afb9fc3",
        binaryInArchive: "syft"
      },
      "linux/arm64": {
        url: release("anchore/syft", SYFT, `syft_${SYFT}_linux_arm64.tar.gz`),
        sha256: "a7fd2b784e6664acd44719270574f6cd8c6864fc2b1700bf9099bd1cccda7d7f",
        binaryInArchive: "syft"
      },
      "darwin/amd64": {
        url: release("anchore/syft", SYFT, `syft_${SYFT}_darwin_amd64.tar.gz`),
        sha256: "0e186ce1d4351ec276126851ca3ff258ed070e93e73574ed64858d4fc2339867",
        binaryInArchive: "syft"
      },
      "darwin/arm64": {
        url: release("anchore/syft", SYFT, `syft_${SYFT}_darwin_arm64.tar.gz`),
        sha256: "ac063af3b9874769deb7ea1e6d76841e68f9e3bb50cd654226fc977de65532c1",
        binaryInArchive: "syft"
      }
    }
  },
  cosign: {
    version: COSIGN,
    assets: {
      "linux/amd64": {
        url: release("sigstore/cosign", COSIGN, "cosign-linux-amd64"),
        sha256: "4629c757b7618056f8ddd7e2625ae9fdd94c0372a65049520bc7d9df9efc7f71"
      },
      "linux/arm64": {
        url: release("sigstore/cosign", COSIGN, "cosign-linux-arm64"),
        sha256: "c5d324e091826b0d7a78eb16fef316450b4eb9aaec045611c08ba06f5e73220a"
      },
      "darwin/amd64": {
        url: release("sigstore/cosign", COSIGN, "cosign-darwin-amd64"),
        sha256: "2347488e5d5b25336644024dfeca5601b190e91197a71a917bda44744aff106c"
      },
      "darwin/arm64": {
        url: release("sigstore/cosign", COSIGN, "cosign-darwin-arm64"),
        sha256: "5cf948c2f4dfe59687bdd0b8523709067383e03982cc543475c8a7dc70e92a76"
      }
    }
  }
};
function currentPlatform(platform = process.platform, arch = process.arch) {
  const os = platform === "linux" ? "linux" : platform === "darwin" ? "darwin" : void 0;
  const cpu = arch === "x64" ? "amd64" : arch === "arm64" ? "arm64" : void 0;
  return os && cpu ? `${os}/${cpu}` : void 0;
}

// src/tools/install.ts
var DEFAULT_TIMEOUT_MS = 10 * 60 * 1e3;
var DEFAULT_MAX_BYTES = 512 * 1024 * 1024;
async function installTool(tool, opts) {
  const pins = opts.pins ?? TOOL_PINS;
  const pin = pins[tool];
  if (!pin)
    throw new UsageError(
      `--install-missing: no pinned version of ${tool} \u2014 install it yourself and pass --${tool}-path`
    );
  const platform = opts.platform ?? currentPlatform();
  const asset = platform ? pin.assets[platform] : void 0;
  if (!platform || !asset) {
    throw new UsageError(
      `--install-missing: no pinned ${tool} ${pin.version} build with a recorded checksum for ${platform ?? `${process.platform}/${process.arch}`} \u2014 install ${tool} yourself and pass --${tool}-path`
    );
  }
  const what = `install ${tool} ${pin.version}`;
  const cachedPath = await opts.cache.find(tool, pin.version, platform);
  if (cachedPath) return { tool, version: pin.version, path: cachedPath, cached: true };
  const staging = await mkdtemp(join17(opts.tempDir ?? tmpdir(), `container-gate-${tool}-`));
  try {
    const download2 = join17(staging, "download");
    const actual = await downloadTo(asset.url, download2, what, opts);
    if (actual !== asset.sha256) {
      await rm8(download2, { force: true });
      throw new RunError(
        `${what}: checksum mismatch for ${asset.url}: expected sha256 ${asset.sha256}, got ${actual} \u2014 the download was altered or corrupted; nothing was installed`
      );
    }
    const executable = asset.binaryInArchive ? await extractMember(download2, asset, staging, what, opts) : download2;
    const path3 = await opts.cache.store(tool, pin.version, platform, executable);
    return { tool, version: pin.version, path: path3, cached: false };
  } finally {
    await rm8(staging, { recursive: true, force: true });
  }
}
async function downloadTo(url, file, what, opts) {
  const maxBytes = opts.maxBytes ?? DEFAULT_MAX_BYTES;
  const timeout = AbortSignal.timeout(opts.timeoutMs ?? DEFAULT_TIMEOUT_MS);
  const signal = opts.signal ? AbortSignal.any([opts.signal, timeout]) : timeout;
  const fail = (why, cause) => new RunError(
    `${what}: download of ${url} failed: ${why} \u2014 check the network (or a proxy), or install the tool yourself`,
    { cause }
  );
  let response;
  try {
    response = await fetch(url, { redirect: "follow", signal });
  } catch (error) {
    if (opts.signal?.aborted) throw opts.signal.reason instanceof Error ? opts.signal.reason : error;
    throw fail(timeout.aborted ? "timed out" : causeOf(error), error);
  }
  if (!response.ok || !response.body) {
    await response.body?.cancel().catch(() => void 0);
    throw fail(`HTTP ${response.status}${response.statusText ? ` ${response.statusText}` : ""}`);
  }
  const declared = Number(response.headers.get("content-length") ?? "NaN");
  if (declared > maxBytes) {
    await response.body.cancel().catch(() => void 0);
    throw fail(`${declared} bytes is over the ${maxBytes}-byte limit`);
  }
  const hash = createHash6("sha256");
  let received = 0;
  const meter = new Transform({
    transform(chunk, _encoding, callback) {
      received += chunk.length;
      if (received > maxBytes) {
        callback(new Error(`more than ${maxBytes} bytes`));
        return;
      }
      hash.update(chunk);
      callback(null, chunk);
    }
  });
  try {
    await pipeline2(
      Readable.fromWeb(response.body),
      meter,
      createWriteStream2(file)
    );
  } catch (error) {
    await rm8(file, { force: true });
    if (opts.signal?.aborted) throw opts.signal.reason instanceof Error ? opts.signal.reason : error;
    throw fail(timeout.aborted ? "timed out" : causeOf(error), error);
  }
  return hash.digest("hex");
}
async function extractMember(archive, asset, staging, what, opts) {
  const member = asset.binaryInArchive;
  const tar = findExecutable("tar");
  if (!tar)
    throw new UsageError(`${what}: tar not found on PATH \u2014 install tar, or install the tool yourself`);
  const out = join17(staging, "extract");
  await mkdir9(out);
  await runTool({
    tool: "tar",
    executable: tar,
    args: ["-xzf", archive, "-C", out, member],
    action: `${what}: extract ${member}`,
    installHint: "install tar",
    timeoutMs: 5 * 60 * 1e3,
    ...opts.signal ? { signal: opts.signal } : {}
  });
  const extracted = join17(out, member);
  const info = await stat7(extracted).catch(() => void 0);
  if (!info?.isFile())
    throw new RunError(
      `${what}: the verified archive has no file ${member} \u2014 the pin table is wrong; report it`
    );
  return extracted;
}
function causeOf(error) {
  const cause = error.cause;
  return oneLine(cause?.code ?? cause?.message ?? errorMessage(error));
}
async function findOrInstallTool(tool, opts) {
  if (opts.explicitPath !== void 0) {
    const explicit = findExecutable(opts.explicitPath, opts.path);
    if (!explicit)
      throw new UsageError(`--${tool}-path ${opts.explicitPath}: not an executable file \u2014 check the path`);
    return { path: explicit };
  }
  const onPath = findExecutable(tool, opts.path);
  if (onPath) return { path: onPath };
  if (!opts.installMissing) return void 0;
  const installed = await installTool(tool, opts);
  return { path: installed.path, installed };
}

// src/scanners/selection.ts
var TOOL_OF = {
  trivy: "trivy",
  "trivy-secret": "trivy",
  "trivy-license": "trivy",
  "trivy-config": "trivy",
  "trivy-sbom": "trivy",
  grype: "grype",
  syft: "syft"
};
async function resolveScanners(options, context) {
  const wanted = withTrivyForSyft(options, context);
  const cache = context.toolCache ?? directoryToolCache(defaultCacheDir());
  const resolved = [];
  for (const name of [...new Set(wanted)]) {
    const scanner = scannerByName(name);
    if (!scanner)
      throw new UsageError(
        `--scanners: unknown scanner "${name}" \u2014 choose from trivy, trivy-secret, trivy-config, trivy-sbom, grype, syft`
      );
    if (scanner.reads === "image" && context.targets === 0 && !(scanner.sbomInputs && context.sbomTargets))
      continue;
    if (scanner.reads === "config" && context.configPaths === 0) continue;
    resolved.push({ scanner, executable: await executableOf(name, scanner, options, context, cache) });
  }
  return resolved;
}
function withTrivyForSyft(options, context) {
  const wanted = [...new Set(options.scanners)];
  const locate = (name) => {
    const tool = TOOL_OF[name];
    const explicit = options.toolPaths[tool];
    return findExecutable(explicit ?? tool);
  };
  if (context.targets > 0 && wanted.includes("syft") && !options.installMissing && !locate("syft") && !options.toolPaths.syft && locate("trivy")) {
    wanted.splice(wanted.indexOf("syft"), 1, "trivy-sbom");
    context.warn(
      "syft not found on PATH: writing the SBOM with trivy (CycloneDX and SPDX converted from its one pass over the image)"
    );
  }
  return wanted;
}
async function executableOf(name, scanner, options, context, cache) {
  const tool = TOOL_OF[name];
  const explicit = options.toolPaths[tool];
  const found = tool === "trivy" || tool === "grype" || tool === "syft" ? await findOrInstallTool(tool, {
    ...explicit ? { explicitPath: explicit } : {},
    installMissing: options.installMissing,
    cache,
    ...context.signal ? { signal: context.signal } : {}
  }) : void 0;
  if (found?.installed)
    context.warn(
      `${found.installed.cached ? "using cached" : "installed"} ${tool} ${found.installed.version} (pinned, checksum verified) at ${found.path}`
    );
  const executable = found?.path;
  if (!executable) {
    throw new RunError(
      explicit ? `${name}: --${tool}-path ${explicit} is not an executable file \u2014 check the path` : `${name}: ${tool} not found on PATH \u2014 ${scanner.installHint}, pass --${tool}-path or --install-missing, or leave it out with --scanners`
    );
  }
  return executable;
}

// src/pipeline.ts
async function runScan(options, hooks = {}) {
  const warnings = [];
  const warn = (line) => {
    warnings.push(line);
    hooks.progress?.note(line, "warning");
  };
  const info = (line) => hooks.progress?.note(line, "info");
  const configPaths = validateOptions(options);
  await checkOutputPaths(options.outputs);
  const policy = await loadPolicy(options.policy, hooks.signal);
  const targets = requestedTargets(options);
  const workDir = await openWorkDir(options);
  const stop = stopWithUser(hooks.signal);
  let databases;
  try {
    const ctx = {
      options,
      hooks,
      configPaths,
      workDir: workDir.path,
      signal: hooks.signal,
      runSignal: stop.signal,
      limit: pLimit(options.concurrency),
      warn,
      info
    };
    const tools = await resolveTools(ctx, targets);
    databases = openDatabases(ctx, tools);
    const javaAhead = await fetchDatabasesAhead(ctx, tools, databases, targets);
    const plan = await prepareTargets(ctx, targets);
    const scan2 = await scheduleJobs(ctx, plan, tools, databases, javaAhead, stop.abort);
    const combined = combineFindings2(scan2, policy);
    for (const r of combined.runs) for (const w of r.warnings ?? []) warn(`${r.name} (${r.target}): ${w}`);
    const reportTargets = reportTargetsOf(plan.targets, configPaths);
    const errors = collectRunErrors(combined.runs, scan2.checks, reportTargets);
    const report = buildReport(ctx, { policy, plan, combined, reportTargets, errors });
    const sboms = await producedSboms(ctx, scan2.results, plan.targets);
    const files = await writeOutputs(report, sboms, options, warn);
    return { report, exitCode: exitCodeOf(report.gate, errors), files, warnings };
  } catch (error) {
    stop.abort();
    throw error;
  } finally {
    stop.unlink();
    await databases?.close().catch(() => void 0);
    await workDir.remove();
  }
}
function validateOptions(options) {
  const configPaths = [...options.dockerfile ? [options.dockerfile] : [], ...options.manifests];
  if (options.images.length === 0 && !options.build && configPaths.length === 0) {
    throw new UsageError(
      "nothing to scan: name an image (myapp:1.2, oci-archive:image.tar), --build, or --dockerfile/--manifests"
    );
  }
  if (!Number.isInteger(options.concurrency) || options.concurrency < 1) {
    throw new UsageError(`--concurrency ${options.concurrency}: must be a whole number of 1 or more`);
  }
  if (!(options.timeoutMs > 0) || options.timeoutMs > MAX_TIMEOUT_SECONDS * 1e3)
    throw new UsageError(
      `--timeout: must be more than 0 seconds and at most ${MAX_TIMEOUT_SECONDS} (a week)`
    );
  return configPaths;
}
function requestedTargets(options) {
  if (options.rescan) return rescanTargets(options.images, options.rescan);
  const byDisplay = /* @__PURE__ */ new Map();
  for (const image of options.images) {
    const target = parseTarget(image, options.platform);
    if (!byDisplay.has(target.display)) byDisplay.set(target.display, target);
  }
  return [...byDisplay.values()];
}
async function openWorkDir(options) {
  const path3 = options.workDir ?? await mkdtemp2(join18(tmpdir2(), "container-gate-"));
  if (options.workDir || options.keepWorkDir) return { path: path3, remove: async () => void 0 };
  const forget = removeOnExit(path3);
  return {
    path: path3,
    remove: async () => {
      await rm9(path3, { recursive: true, force: true }).catch(() => void 0);
      forget();
    }
  };
}
function stopWithUser(user) {
  const internal = new AbortController();
  const forward = () => internal.abort(user?.reason);
  user?.addEventListener("abort", forward, { once: true });
  return {
    signal: internal.signal,
    abort: () => internal.abort("SIGTERM"),
    unlink: () => user?.removeEventListener("abort", forward)
  };
}
async function resolveTools(ctx, targets) {
  const { options, hooks, signal } = ctx;
  const scanners = await resolveScanners(options, {
    targets: targets.filter((t) => t.kind !== "sbom").length + (options.build ? 1 : 0),
    sbomTargets: targets.filter((t) => t.kind === "sbom").length,
    configPaths: ctx.configPaths.length,
    warn: ctx.warn,
    ...hooks.toolCache ? { toolCache: hooks.toolCache } : {},
    ...signal ? { signal } : {}
  });
  const versions = /* @__PURE__ */ new Map();
  const versionOf = (executable, scanner) => {
    if (!versions.has(executable)) versions.set(executable, readToolVersion(executable, scanner.versionArgs));
    return versions.get(executable);
  };
  return { scanners, versionOf };
}
function openDatabases(ctx, { scanners, versionOf }) {
  const { options, hooks } = ctx;
  const executableOf2 = (tool) => scanners.find((s) => s.scanner.executable === tool);
  return createDatabaseSteps({
    settings: options.databases,
    executables: {
      ...executableOf2("trivy") ? { trivy: executableOf2("trivy").executable } : {},
      ...executableOf2("grype") ? { grype: executableOf2("grype").executable } : {}
    },
    toolVersion: (tool) => {
      const resolved = executableOf2(tool);
      return resolved ? versionOf(resolved.executable, resolved.scanner) : Promise.resolve(void 0);
    },
    timeoutMs: options.timeoutMs,
    signal: ctx.runSignal,
    clock: hooks.clock ?? systemClock,
    limit: ctx.limit,
    info: ctx.info,
    warn: ctx.warn,
    ...hooks.databaseCache ? { cache: hooks.databaseCache } : {}
  });
}
async function fetchDatabasesAhead(ctx, { scanners }, databases, targets) {
  const selected = new Set(scanners.map((s) => s.scanner.name));
  const imageTargets = targets.some((t) => t.kind !== "sbom") || Boolean(ctx.options.build);
  if (selected.has("trivy") && imageTargets) void databases.get("trivy-db");
  if (selected.has("grype")) void databases.get("grype-db");
  if (selected.has("trivy-config") && ctx.configPaths.length > 0) void databases.get("trivy-checks");
  const javaAhead = selected.has("trivy") && imageTargets && await databases.isCached("trivy-java-db");
  if (javaAhead) void databases.get("trivy-java-db");
  return javaAhead;
}
async function prepareTargets(ctx, targets) {
  const { options, signal, info } = ctx;
  const built = await buildRequestedImage(ctx, targets);
  throwIfAborted(signal);
  await expandPlatforms(targets, { built, options, info, ...signal ? { signal } : {} });
  const rescan = options.rescan ? await rescanTrust({
    policy: options.rescan,
    ...options.platform ? { platform: options.platform } : {},
    insecureRegistry: options.insecureRegistry,
    workDir: ctx.workDir,
    info,
    warn: ctx.warn,
    ...signal ? { signal } : {}
  }) : void 0;
  if (rescan) await expandAttestedTargets(targets, rescan);
  throwIfAborted(signal);
  return { targets, built, rescan };
}
async function buildRequestedImage(ctx, targets) {
  const { options, signal } = ctx;
  if (!options.build) return void 0;
  ctx.info(`building ${options.build.tag} from ${options.build.dockerfile}`);
  const built = await buildImage(options.build, { workDir: ctx.workDir, ...signal ? { signal } : {} });
  for (const warning of built.warnings) ctx.warn(`build: ${warning}`);
  targets.push({
    ...parseTarget(built.reference, options.platform),
    ...built.digest ? { digest: built.digest } : {}
  });
  return built;
}
async function scheduleJobs(ctx, plan, tools, databases, javaAhead, stopRun) {
  const imageScanners = tools.scanners.filter((s) => s.scanner.reads === "image");
  const configScanners = tools.scanners.filter((s) => s.scanner.reads === "config");
  const prepared = plan.targets.map(
    (target) => ctx.limit(() => prepareTarget(target, prepareContext(ctx, plan, imageScanners)))
  );
  const jobs = createScannerJobs({
    workDir: ctx.workDir,
    insecureRegistry: ctx.options.insecureRegistry,
    timeoutMs: ctx.options.timeoutMs,
    limit: ctx.limit,
    signal: ctx.runSignal,
    ...ctx.hooks.progress ? { progress: ctx.hooks.progress } : {},
    info: ctx.info,
    databases,
    javaAhead,
    versionOf: tools.versionOf,
    sbomFormatsWritten: sbomFormatsWritten(ctx.options.outputs)
  });
  const imageRuns = prepared.map(
    (ready) => ready.then((target) => scannable(target) ? jobs.forTarget(target, imageScanners) : [])
  );
  const configRuns = ctx.configPaths.flatMap(
    (path3) => configScanners.map((s) => jobs.forConfig(path3, s))
  );
  const checks = Promise.all(prepared).then((scanTargets) => checksOf(ctx, scanTargets));
  const [imageResults, configResults, checkOutcome] = await Promise.all([
    Promise.all(imageRuns),
    Promise.all(configRuns),
    checks
  ]).catch(async (error) => {
    stopRun();
    await Promise.allSettled([...prepared, ...imageRuns, ...configRuns, checks]);
    throw error;
  });
  throwIfAborted(ctx.signal);
  return { results: [...imageResults.flat(), ...configResults], checks: checkOutcome };
}
function prepareContext(ctx, plan, imageScanners) {
  const { built, rescan } = plan;
  return {
    options: ctx.options,
    workDir: ctx.workDir,
    exporting: imageScanners.length > 0,
    trivyReadsImage: imageScanners.some((s) => s.scanner.executable === "trivy"),
    ...built ? { built } : {},
    info: ctx.info,
    warn: ctx.warn,
    signal: ctx.runSignal,
    ...rescan ? { rescan: { ...rescan, signal: ctx.runSignal } } : {}
  };
}
async function checksOf(ctx, scanTargets) {
  const { options, configPaths, hooks } = ctx;
  const imageConfigs = options.checks ? await readImageConfigs(scanTargets, ctx.warn) : [];
  return options.checks && (configPaths.length > 0 || imageConfigs.length > 0) ? runEmbeddedChecks(configPaths, imageConfigs, hooks) : void 0;
}
function combineFindings2(scan2, policy) {
  const runs = scan2.results.map((r) => r.run);
  if (scan2.checks) runs.push(scan2.checks.run);
  const checkFindings = scan2.checks?.findings ?? [];
  const scannerFindings = scan2.results.flatMap((r) => r.result?.findings ?? []);
  const trivyConfig = scannerFindings.filter(
    (f) => f.kind === "misconfiguration" && f.foundBy.includes("trivy")
  );
  const otherFindings = scannerFindings.filter((f) => !trivyConfig.includes(f));
  const findings = markKnownExploited(
    dedupeFindings([...foldTrivyConfigFindings(checkFindings, trivyConfig), ...otherFindings]),
    policy.kevCatalog
  );
  return { runs, findings };
}
function collectRunErrors(runs, checks, reportTargets) {
  const input = [...checks?.errors ?? []];
  const internal = (checks?.internalErrors ?? []).map((error) => `${CHECKS_SCANNER}: ${error}`);
  const all = [
    ...runs.filter((r) => r !== checks?.run && (r.status === "failed" || r.status === "timeout")).map((r) => `${r.name} on ${r.target}: ${r.error}`),
    ...attestationErrors(reportTargets),
    ...internal,
    ...input
  ];
  return { all, input };
}
function reportTargetsOf(targets, configPaths) {
  return [
    ...targets.map((t) => ({
      display: t.display,
      name: t.name,
      kind: t.kind === "files" ? "files" : t.kind,
      ...t.digest ? { digest: t.digest } : {},
      ...t.platform ? { platform: t.platform } : {},
      ...t.indexDigest ? { indexDigest: t.indexDigest } : {},
      ...t.attestation ? { attestation: t.attestation } : {}
    })),
    ...configPaths.map((p) => ({ display: p, name: p, kind: "files" }))
  ];
}
function buildReport(ctx, input) {
  const { findings, runs } = input.combined;
  const names = new Map(input.plan.targets.map((t) => [t.display, t.name]));
  const gate2 = evaluateGate({
    findings,
    policy: input.policy,
    today: ctx.hooks.today ?? (/* @__PURE__ */ new Date()).toISOString().slice(0, 10),
    errors: input.errors.all,
    imageNameOf: (target) => names.get(target) ?? target
  });
  return {
    version: REPORT_VERSION,
    tool: { name: REPORT_TOOL_NAME, version: VERSION },
    targets: input.reportTargets,
    findings: findings.map((finding, i) => ({ ...finding, gate: gate2.decisions[i] })),
    gate: gateOnAttestations(gate2.verdict, input.reportTargets),
    scanners: runs,
    sboms: []
  };
}
async function producedSboms(ctx, results, targets) {
  return [
    ...results.flatMap(
      (r) => (r.result?.sboms ?? []).map((doc) => ({ target: r.run.target, producer: r.run.name, doc }))
    ),
    ...ctx.options.rescan ? await attestedSboms(targets) : []
  ];
}
function exitCodeOf(verdict, errors) {
  if (errors.input.length > 0 && errors.all.length === errors.input.length) return EXIT.usage;
  return exitCodeForGate(verdict.status);
}
function throwIfAborted(signal) {
  if (!signal?.aborted) return;
  throw new InterruptedError(stopSignalOf(signal.reason));
}

// src/report/table.ts
var import_picocolors = __toESM(require_picocolors(), 1);
var COLUMNS = ["id", "title", "package", "installed \u2192 fixed", "found by", "gate"];
var MIN_COLUMN = 6;
var GAP = "  ";
var INDENT = "  ";
function severityColor(colors, severity2) {
  switch (severity2) {
    case "critical":
      return (t) => colors.bold(colors.red(t));
    case "high":
      return colors.red;
    case "medium":
      return colors.yellow;
    case "low":
      return colors.cyan;
    default:
      return colors.dim;
  }
}
function renderRuleLines(report, opts) {
  const colors = import_picocolors.default.createColors(opts.color);
  const lines = (report.gate.failedRules ?? []).map(
    (r) => colors.red(cleanLine(`\u2716 ${r.rule}: ${r.summary}`, 500))
  );
  if (report.gate.errors.length > 0)
    lines.unshift(colors.yellow(cleanLine(`! run failed: ${report.gate.errors.join("; ")}`, 1e3)));
  return lines;
}
function renderTable(report, opts) {
  const colors = import_picocolors.default.createColors(opts.color);
  const opening = renderRuleLines(report, opts);
  const head = opening.length > 0 ? `${opening.join("\n")}

` : "";
  if (report.findings.length === 0) return `${head}No findings.
${renderVerdictLine(report, opts)}
`;
  const multiImage = new Set(report.findings.map((f) => f.target)).size > 1;
  const header = multiImage ? ["image", ...COLUMNS] : [...COLUMNS];
  const rows2 = findingRows([...report.findings].sort(compareFindings));
  const shown = opts.limit !== void 0 ? rows2.slice(0, Math.max(0, opts.limit)) : rows2;
  const cells = shown.map((row) => rowCells(row, multiImage));
  const widths = fitWidths([header, ...cells], opts.width);
  const lines = [];
  const pad = (values) => INDENT + values.map((v, i) => truncateText(v, widths[i]).padEnd(widths[i])).join(GAP).trimEnd();
  lines.push(colors.dim(pad(header)));
  let index = 0;
  for (const severity2 of SEVERITIES) {
    const group = shown.filter((row) => row.first.severity === severity2);
    if (group.length === 0) continue;
    const total = report.findings.filter((f) => f.severity === severity2).length;
    lines.push(severityColor(colors, severity2)(`${severity2.toUpperCase()} (${total})`));
    for (const row of group) {
      const text5 = pad(cells[index]);
      lines.push(row.first.gate.decision === "violation" ? colors.red(text5) : text5);
      index++;
    }
  }
  const rest = rows2.slice(shown.length).reduce((n, row) => n + row.findings.length, 0);
  if (rest > 0) lines.push(colors.dim(`\u2026 and ${rest} more finding${plural(rest)} (all in the JSON report)`));
  lines.push("", renderVerdictLine(report, opts));
  return `${head}${lines.join("\n")}
`;
}
function findingLocation2(f) {
  if (f.package) return cleanLine(f.package.name, 200);
  if (f.location)
    return `${cleanLine(f.location.path, 200)}${f.location.startLine ? `:${f.location.startLine}` : ""}`;
  return "-";
}
function rowCells(row, multiImage) {
  const f = row.first;
  const installed = cleanLine(f.package?.version, 100) || "-";
  const fixed = f.fix.versions.length > 0 ? cleanLine(f.fix.versions.join(", "), 100) : f.kind === "vulnerability" ? "no fix" : "-";
  const single = row.findings.length === 1;
  const values = [
    `${cleanLine(f.id, 100)}${f.knownExploited ? " (KEV)" : ""}${single ? "" : ` \xD7${row.findings.length}`}`,
    cleanLine(shortTitle(f), 100) || "-",
    rowSubject(row, findingLocation2),
    single && (f.package || f.fix.versions.length > 0) ? `${installed} \u2192 ${fixed}` : "-",
    cleanLine(f.foundBy.join(", "), 100),
    cleanLine(gateText(f.gate), 100)
  ];
  return multiImage ? [cleanLine(f.target, 200), ...values] : values;
}
function fitWidths(rows2, width) {
  const widths = rows2[0].map((_, i) => rows2.reduce((widest, row) => Math.max(widest, row[i].length), 0));
  if (width === void 0) return widths;
  const budget = width - INDENT.length - GAP.length * (widths.length - 1);
  let total = widths.reduce((a, b) => a + b, 0);
  while (total > budget) {
    const widest = widths.indexOf(Math.max(...widths));
    if (widths[widest] <= MIN_COLUMN) break;
    widths[widest]--;
    total--;
  }
  return widths;
}
var VERDICT_SYMBOL = { passed: "\u2714", failed: "\u2716", error: "!" };
function renderVerdictLine(report, opts) {
  const colors = import_picocolors.default.createColors(opts.color);
  const { gate: gate2 } = report;
  const counts = countBySeverity(report.findings);
  const breakdown = SEVERITIES.filter((s) => counts[s] > 0).map((s) => `${counts[s]} ${s}`).join(", ");
  const line = cleanLine(
    `${VERDICT_SYMBOL[gate2.status]} gate ${gate2.status}: ${gate2.reasons.join("; ") || "no reason given"} (${report.findings.length} finding${plural(report.findings.length)}${breakdown ? `: ${breakdown}` : ""})`,
    2e3
  );
  const paint = gate2.status === "passed" ? colors.green : gate2.status === "failed" ? colors.red : colors.yellow;
  return paint(line);
}

// src/cli/progress.ts
var import_picocolors2 = __toESM(require_picocolors(), 1);
function createProgress(stream, options) {
  const lines = /* @__PURE__ */ new Map();
  const live = options.tty ? new LiveBlock(stream, lines, import_picocolors2.default.createColors(options.color)) : void 0;
  return {
    start(id3, label) {
      if (options.quiet) return;
      const line = {
        label: stripControl(label),
        state: "running",
        detail: "",
        started: performance.now()
      };
      lines.set(id3, line);
      if (live) live.started();
      else stream.write(`${line.label}: started
`);
    },
    finish(id3, run) {
      if (options.quiet) return;
      const line = lines.get(id3);
      if (!line) return;
      line.state = run.status;
      line.detail = finishedDetail(run);
      if (live) live.finished();
      else stream.write(`${line.label}: ${line.detail}
`);
    },
    note(text5, level) {
      if (options.quiet && level !== "warning") return;
      if (live?.isDrawn()) live.noteAbove(text5);
      else stream.write(`note: ${stripControl(text5)}
`);
    }
  };
}
function finishedDetail(run) {
  const seconds = formatElapsed(run.durationMs);
  if (run.status !== "ok") return `${run.status} after ${seconds}: ${stripControl(run.error ?? "")}`;
  return run.packages !== void 0 ? `done in ${seconds} (${describeSbomSize(run.packages)})` : `done in ${seconds} (${run.findings} finding${plural(run.findings)})`;
}
function renderLine(line, c) {
  switch (line.state) {
    case "running":
      return `${c.cyan("\u2026")} ${line.label} running ${c.dim(formatElapsed(performance.now() - line.started))}`;
    case "ok":
      return `${c.green("\u2713")} ${line.label} ${line.detail}`;
    case "skipped":
      return `${c.dim("-")} ${line.label} ${line.detail}`;
    default:
      return `${c.red("\u2717")} ${line.label} ${line.detail}`;
  }
}
var LiveBlock = class {
  constructor(stream, lines, c) {
    this.stream = stream;
    this.lines = lines;
    this.c = c;
  }
  stream;
  lines;
  c;
  drawn = 0;
  ticker;
  isDrawn() {
    return this.drawn > 0;
  }
  started() {
    this.redraw();
    this.ticker ??= setInterval(() => this.redraw(), 250);
    this.ticker.unref();
  }
  finished() {
    this.redraw();
    if ([...this.lines.values()].every((l) => l.state !== "running") && this.ticker) {
      clearInterval(this.ticker);
      this.ticker = void 0;
    }
  }
  /** Notes go above the live block so they are not overwritten by the next redraw. */
  noteAbove(text5) {
    this.stream.write(`\x1B[${this.drawn}A\x1B[0J${this.c.yellow("note:")} ${stripControl(text5)}
`);
    this.drawn = 0;
    this.redraw();
  }
  redraw() {
    if (this.drawn > 0) this.stream.write(`\x1B[${this.drawn}A`);
    for (const line of this.lines.values()) this.stream.write(`\x1B[2K${renderLine(line, this.c)}
`);
    this.drawn = this.lines.size;
  }
};

// src/cli/gate-commands.ts
function terminal(args, loaded) {
  const file = loaded ? applyConfig(defaultOptions(), loaded.config, loaded.path) : {};
  const color = args.color ?? file.color ?? (Boolean(process.stdout.isTTY) && !process.env.NO_COLOR);
  return { color, quiet: args.quiet ?? file.quiet ?? false };
}
async function runScanCommand(args) {
  const loaded = await loadConfig(args.config);
  return runPipeline(scanOptionsFromArgs(args, loaded), terminal(args, loaded));
}
async function runRescanCommand(args) {
  const loaded = await loadConfig(args.config);
  return runPipeline(rescanOptionsFromArgs(args, loaded), terminal(args, loaded));
}
async function runCheckCommand(args) {
  const loaded = await loadConfig(args.config);
  const options = databaseOptionsFromArgs(args, gateOptionsFromArgs(args, baseOptions(loaded)));
  options.images = [];
  delete options.build;
  if (args.scanners === void 0) options.scanners = options.scanners.filter((s) => s === "trivy-config");
  options.manifests = args.paths;
  return runPipeline(options, terminal(args, loaded));
}
async function runPipeline(options, term) {
  const controller = new AbortController();
  const release2 = stopRunOnSignals(
    controller,
    (signal) => process.stderr.write(`
container-gate: ${signal} received \u2014 stopping scanners
`)
  );
  try {
    const progress = createProgress(process.stderr, {
      tty: Boolean(process.stderr.isTTY) && !process.env.CI,
      color: term.color,
      quiet: term.quiet
    });
    const outcome = await runScan(options, { signal: controller.signal, progress });
    printOutcome(outcome, options, term);
    return outcome.exitCode;
  } catch (error) {
    if (controller.signal.aborted && !(error instanceof InterruptedError)) {
      throw new InterruptedError(stopSignalOf(controller.signal.reason));
    }
    throw error;
  } finally {
    release2();
  }
}
function printOutcome(outcome, options, term) {
  if (options.outputs.table) process.stdout.write(renderTable(outcome.report, { color: term.color }));
  for (const file of [
    outcome.files.json,
    ...outcome.files.sarif,
    outcome.files.summary,
    ...outcome.files.sboms
  ]) {
    if (file && !term.quiet) process.stderr.write(`wrote ${file}
`);
  }
  if (!options.outputs.table) {
    const lines = [...renderRuleLines(outcome.report, term), renderVerdictLine(outcome.report, term)];
    process.stdout.write(`${lines.join("\n")}
`);
  }
}
async function runMergeCommand(args) {
  const loaded = await loadConfig(args.config);
  const options = gateOptionsFromArgs(args, baseOptions(loaded));
  const policy = await loadPolicy(options.policy);
  const reports = [];
  for (const file of args.reports) reports.push(parseJsonReport(await readInput(file, "report"), file));
  const merged = mergeReports(reports, policy, (/* @__PURE__ */ new Date()).toISOString().slice(0, 10));
  return renderSaved(merged, options, terminal(args, loaded));
}
async function runReportCommand(args) {
  const loaded = await loadConfig(args.config);
  const options = gateOptionsFromArgs(args, baseOptions(loaded));
  const report = parseJsonReport(await readInput(args.from, "report"), args.from);
  return renderSaved(report, options, terminal(args, loaded));
}
async function renderSaved(report, options, term) {
  await checkOutputPaths(options.outputs);
  const warnings = [];
  const files = await writeOutputs(report, [], options, (line) => {
    warnings.push(line);
    process.stderr.write(`note: ${line}
`);
  });
  const outcome = { report, exitCode: exitCodeForGate(report.gate.status), files, warnings };
  printOutcome(outcome, options, term);
  return outcome.exitCode;
}
export {
  DEFAULT_POLICY,
  runCheckCommand,
  runMergeCommand,
  runReportCommand,
  runRescanCommand,
  runScanCommand
};
