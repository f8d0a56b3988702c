; Inno Setup script: the Windows installer for the folder PyInstaller builds.
;
;   python packaging\build_bundle.py          (runs this when iscc is on PATH), or
;   iscc /DAppVersion=0.1.0 packaging\bodymap.iss
;
; Reads dist\bodymap\ (bodymap.exe for the desktop, bodymap-cli.exe for the command line)
; and writes dist\Bodymap-<version>-setup.exe. Installs for the current user by default,
; or for everyone when run as an administrator. Uninstalling never removes databases:
; they live in the user's data folder (or wherever the clinic keeps them), not here.

#ifndef AppVersion
  #define AppVersion "0.1.0"
#endif
#define AppName "Bodymap"
#define AppExe "bodymap.exe"

[Setup]
; Never change AppId: Windows knows an installed Bodymap by it, for upgrades and removal.
AppId={{BF89CC8D-A494-463F-9234-A4021AEF50F6}
AppName={#AppName}
AppVersion={#AppVersion}
AppVerName={#AppName} {#AppVersion}
AppPublisher=The Bodymap team
AppCopyright=The Bodymap team, MIT licence
VersionInfoVersion={#AppVersion}
VersionInfoProductName={#AppName}
DefaultDirName={autopf}\{#AppName}
DefaultGroupName={#AppName}
DisableProgramGroupPage=yes
PrivilegesRequired=lowest
PrivilegesRequiredOverridesAllowed=dialog
ArchitecturesAllowed=x64compatible
ArchitecturesInstallIn64BitMode=x64compatible
; Qt 6.8 and later run on Windows 10 1809 and newer.
MinVersion=10.0.17763
LicenseFile=..\LICENSE
SetupIconFile=..\assets\bodymap.ico
UninstallDisplayIcon={app}\{#AppExe}
UninstallDisplayName={#AppName}
OutputDir=..\dist
OutputBaseFilename={#AppName}-{#AppVersion}-setup
Compression=lzma2/max
SolidCompression=yes
WizardStyle=modern
; Closes a running Bodymap before files are replaced (it saves as it goes).
CloseApplications=yes
RestartApplications=no

[Languages]
Name: "english"; MessagesFile: "compiler:Default.isl"

[Tasks]
Name: "desktopicon"; Description: "{cm:CreateDesktopIcon}"; GroupDescription: "{cm:AdditionalIcons}"; Flags: unchecked

[Files]
Source: "..\dist\bodymap\*"; DestDir: "{app}"; Flags: ignoreversion recursesubdirs createallsubdirs

[InstallDelete]
; An upgrade replaces the program folder's contents: no file of an older version stays.
Type: filesandordirs; Name: "{app}\_internal"

[Icons]
Name: "{autoprograms}\{#AppName}"; Filename: "{app}\{#AppExe}"; Comment: "Chart myofascial trigger points"
Name: "{autodesktop}\{#AppName}"; Filename: "{app}\{#AppExe}"; Tasks: desktopicon

[Run]
Filename: "{app}\{#AppExe}"; Description: "{cm:LaunchProgram,{#AppName}}"; Flags: nowait postinstall skipifsilent
