; Inno Setup 6 script for Clover Desk: a per-user install, no administrator rights.
;
; Built by `python packaging/build.py windows`, which freezes dist\clover-desk\ first and
; passes every {#...} below as /D defines (the version comes from pyproject.toml only).
; Signing: build.py adds /Scloversign=... /DSignTool=cloversign when a certificate is
; configured, so Inno signs the installer and the uninstaller; otherwise both are unsigned.

#ifndef AppVersion
  #error Build with packaging/build.py windows: it passes AppVersion and the other defines.
#endif

[Setup]
; Never change AppId: Windows uses it to find an existing install to upgrade.
AppId={{044049F8-BC70-4CE3-A5E2-48E887C6DB51}
AppName={#AppName}
AppVersion={#AppVersion}
AppVerName={#AppName} {#AppVersion}
AppPublisher={#AppPublisher}
AppPublisherURL={#AppURL}
AppSupportURL={#AppURL}
AppCopyright=Copyright (C) {#AppPublisher}
VersionInfoVersion={#AppNumericVersion}
VersionInfoProductVersion={#AppNumericVersion}
VersionInfoProductTextVersion={#AppVersion}
VersionInfoProductName={#AppName}
VersionInfoDescription={#AppName} Setup
VersionInfoCompany={#AppPublisher}
; Per user: no UAC prompt; {autopf} is %LOCALAPPDATA%\Programs and {autoprograms} the
; user's own Start menu.
PrivilegesRequired=lowest
DefaultDirName={autopf}\{#AppName}
DefaultGroupName={#AppName}
DisableProgramGroupPage=yes
DisableDirPage=auto
ArchitecturesAllowed=x64compatible
ArchitecturesInstallIn64BitMode=x64compatible
MinVersion=10.0
SourceDir={#SourceDir}
OutputDir={#OutputDir}
OutputBaseFilename={#OutputBaseFilename}
SetupIconFile={#SetupIconFile}
UninstallDisplayIcon={app}\{#AppExeName}
UninstallDisplayName={#AppName}
Compression=lzma2/max
SolidCompression=yes
WizardStyle=modern
; Close a running Clover Desk before replacing its files on upgrade.
CloseApplications=yes
RestartApplications=no
#ifdef SignTool
SignTool={#SignTool}
SignedUninstaller=yes
#endif

[Languages]
Name: "english"; MessagesFile: "compiler:Default.isl"

[Tasks]
Name: "desktopicon"; Description: "{cm:CreateDesktopIcon}"; GroupDescription: "{cm:AdditionalIcons}"; Flags: unchecked

[Files]
; SourceDir is dist\clover-desk: the executable and its _internal folder.
Source: "*"; DestDir: "{app}"; Flags: ignoreversion recursesubdirs createallsubdirs

[InstallDelete]
; An upgrade replaces the whole bundle, so no stale module from an older version lingers.
Type: filesandordirs; Name: "{app}\_internal"

[Icons]
Name: "{autoprograms}\{#AppName}"; Filename: "{app}\{#AppExeName}"; WorkingDir: "{app}"
Name: "{autodesktop}\{#AppName}"; Filename: "{app}\{#AppExeName}"; WorkingDir: "{app}"; Tasks: desktopicon

[Run]
Filename: "{app}\{#AppExeName}"; Description: "{cm:LaunchProgram,{#AppName}}"; Flags: nowait postinstall skipifsilent

[Code]
// Settings, journal, staff, training sandbox and logs live in
// %LOCALAPPDATA%\clover-desk (platformdirs). They stay unless the user says otherwise;
// the default answer, and the answer of a silent uninstall, is "keep".
procedure CurUninstallStepChanged(CurUninstallStep: TUninstallStep);
var
  DataDir: String;
begin
  if CurUninstallStep <> usPostUninstall then
    Exit;
  DataDir := ExpandConstant('{localappdata}\{#DataDirName}');
  if not DirExists(DataDir) then
    Exit;
  if SuppressibleMsgBox(
      'Also delete your {#AppName} data?' + #13#10 + #13#10 +
      DataDir + #13#10 + #13#10 +
      'It holds your settings, the refund journal, staff and PINs, the training sandbox ' +
      'and the logs. Choose No to keep it for a later reinstall.' + #13#10 +
      'Saved Clover sign-ins stay in Windows Credential Manager (service "{#DataDirName}") ' +
      'either way; remove a profile in Settings to delete its tokens.',
      mbConfirmation, MB_YESNO or MB_DEFBUTTON2, IDNO) = IDYES then
    DelTree(DataDir, True, True, True);
end;
