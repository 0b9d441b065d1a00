; Inno Setup script of the per-user Windows installer of 年报助手: no administrator rights,
; a Chinese wizard, Start-menu and optional desktop shortcut, an uninstaller, and upgrades that
; keep the clerk's files. Built by .github/workflows/build.yml after scripts/build_frozen.sh:
;   ISCC /DAppVersion=0.1.0 /DChineseMessages=<ChineseSimplified.isl> packaging\nianbao.iss
; Needs Inno Setup 6.3 or later (x64compatible). The Chinese messages ship with Inno Setup
; 7.0.2 and later; for older versions the workflow fetches the file from Inno Setup's sources.
; The clerk's reports live in their own folders and the program's data (recent files,
; recovery copies, history, log) in %LOCALAPPDATA%\nianbao: setup and uninstall touch neither.

#ifndef AppVersion
  #error Pass the version: ISCC /DAppVersion=x.y.z packaging\nianbao.iss
#endif
#ifndef ChineseMessages
  #define ChineseMessages "compiler:Languages\ChineseSimplified.isl"
#endif
#define AppName "年报助手"
#define AppExe AppName + ".exe"
#define Built "..\dist\" + AppName

[Setup]
; Fixed for ever: it is how an upgrade finds the installed program. Never change it.
AppId={{8F3C2A61-5D47-4B9E-A0C4-6E1B7D29F5A3}
AppName={#AppName}
AppVersion={#AppVersion}
AppVerName={#AppName} {#AppVersion}
AppPublisher={#AppName}
VersionInfoVersion={#AppVersion}
VersionInfoProductName={#AppName}
; Per user: %LOCALAPPDATA%\Programs\年报助手, the user's Start menu, HKCU; no UAC prompt.
PrivilegesRequired=lowest
DefaultDirName={autopf}\{#AppName}
DefaultGroupName={#AppName}
DisableProgramGroupPage=yes
UsePreviousAppDir=yes
UsePreviousTasks=yes
ArchitecturesAllowed=x64compatible
ArchitecturesInstallIn64BitMode=x64compatible
; Qt 6 runs on Windows 10 and later.
MinVersion=10.0
; Closes a running 年报助手 before its files are replaced (it asks first).
CloseApplications=yes
RestartApplications=no
SetupIconFile=..\resources\icons\nianbao.ico
UninstallDisplayIcon={app}\{#AppExe}
UninstallDisplayName={#AppName}
WizardStyle=modern
ShowLanguageDialog=no
LanguageDetectionMethod=none
Compression=lzma2
SolidCompression=yes
OutputDir=..\dist
OutputBaseFilename=nianbao-{#AppVersion}-setup

[Languages]
Name: "chinesesimplified"; MessagesFile: "{#ChineseMessages}"

[Tasks]
Name: "desktopicon"; Description: "{cm:CreateDesktopIcon}"; GroupDescription: "{cm:AdditionalIcons}"; Flags: unchecked

[InstallDelete]
; An upgrade replaces the program's runtime whole, so no file of an older version lingers.
Type: filesandordirs; Name: "{app}\_internal"

[Files]
Source: "{#Built}\*"; DestDir: "{app}"; Flags: ignoreversion recursesubdirs createallsubdirs

[Icons]
; The same AppUserModelID as gui/app.py, so the taskbar groups the window with its shortcut.
Name: "{autoprograms}\{#AppName}"; Filename: "{app}\{#AppExe}"; AppUserModelID: "nianbao.nianbao"
Name: "{autodesktop}\{#AppName}"; Filename: "{app}\{#AppExe}"; AppUserModelID: "nianbao.nianbao"; Tasks: desktopicon

[Run]
Filename: "{app}\{#AppExe}"; Description: "{cm:LaunchProgram,{#AppName}}"; Flags: nowait postinstall skipifsilent
