; Inno Setup 6 script: the TĐKT installer for Windows, per user, without administrator rights.
; Built by .github/workflows/windows.yml after `pyinstaller build.spec` (from the repository's top folder):
;   iscc /DAppVersion=0.1.0 resources\installer\tdkt.iss      ->  dist\TDKT-0.1.0-setup.exe
; The program goes to %LOCALAPPDATA%\Programs\TDKT; the data stays in %LOCALAPPDATA%\TDKT (app/paths.py),
; a folder this installer never writes and its uninstaller never removes. Installing a newer version over an
; older one (same AppId) replaces the program only; its first start backs up the database, then upgrades it.
; (UTF-8 with a byte-order mark, as Inno Setup reads non-ASCII scripts.)

#ifndef AppVersion
  #error Pass the version: iscc /DAppVersion=x.y.z resources\installer\tdkt.iss
#endif

[Setup]
AppId={{5B0F3C1E-7A2D-4E8B-9C61-2D7E0A4F9B35}
AppName=TĐKT
AppVersion={#AppVersion}
AppVerName=TĐKT {#AppVersion}
AppPublisher=TĐKT
DefaultDirName={autopf}\TDKT
DefaultGroupName=TĐKT
DisableProgramGroupPage=yes
PrivilegesRequired=lowest
ArchitecturesAllowed=x64compatible
ArchitecturesInstallIn64BitMode=x64compatible
SourceDir=..\..
OutputDir=dist
OutputBaseFilename=TDKT-{#AppVersion}-setup
SetupIconFile=resources\icons\app.ico
UninstallDisplayIcon={app}\TDKT.exe
Compression=lzma2
SolidCompression=yes
WizardStyle=modern

[Tasks]
Name: "desktopicon"; Description: "{cm:CreateDesktopIcon}"; GroupDescription: "{cm:AdditionalIcons}"

[InstallDelete]
; An upgrade leaves no library of the older version behind.
Type: filesandordirs; Name: "{app}\_internal"

[Files]
Source: "dist\TDKT\*"; DestDir: "{app}"; Flags: ignoreversion recursesubdirs createallsubdirs

[Icons]
Name: "{autoprograms}\TĐKT"; Filename: "{app}\TDKT.exe"
Name: "{autodesktop}\TĐKT"; Filename: "{app}\TDKT.exe"; Tasks: desktopicon

[Run]
Filename: "{app}\TDKT.exe"; Description: "{cm:LaunchProgram,TĐKT}"; Flags: nowait postinstall skipifsilent
