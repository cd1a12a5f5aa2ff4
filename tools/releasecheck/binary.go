package main

import (
	"bytes"
	"debug/elf"
	"debug/macho"
	"debug/pe"
	"fmt"
)

// binaryKind names the executable format and CPU of b, as GOOS/GOARCH.
func binaryKind(b []byte) (goos, goarch string, err error) {
	r := bytes.NewReader(b)
	if f, err := elf.NewFile(r); err == nil {
		switch f.Machine {
		case elf.EM_X86_64:
			return "linux", "amd64", nil
		case elf.EM_AARCH64:
			return "linux", "arm64", nil
		}
		return "linux", f.Machine.String(), nil
	}
	if f, err := macho.NewFile(r); err == nil {
		switch f.Cpu {
		case macho.CpuAmd64:
			return "darwin", "amd64", nil
		case macho.CpuArm64:
			return "darwin", "arm64", nil
		}
		return "darwin", f.Cpu.String(), nil
	}
	if f, err := pe.NewFile(r); err == nil {
		switch f.Machine {
		case pe.IMAGE_FILE_MACHINE_AMD64:
			return "windows", "amd64", nil
		case pe.IMAGE_FILE_MACHINE_ARM64:
			return "windows", "arm64", nil
		}
		return "windows", fmt.Sprintf("machine 0x%x", f.Machine), nil
	}
	return "", "", fmt.Errorf("not an ELF, Mach-O or PE executable")
}

// checkBinary wants b built for p.
func checkBinary(p Platform, b []byte) error {
	goos, goarch, err := binaryKind(b)
	if err != nil {
		return err
	}
	if goos != p.GOOS || goarch != p.GOARCH {
		return fmt.Errorf("built for %s/%s, want %s/%s", goos, goarch, p.GOOS, p.GOARCH)
	}
	return nil
}
