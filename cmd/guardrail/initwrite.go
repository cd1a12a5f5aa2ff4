package main

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
)

// writeNewConfig writes data to name, a file name in the current folder,
// for `guardrail init`. It never writes through a symbolic link or outside
// the folder: an existing entry of any kind (a file, a link, dangling or
// not) is left alone unless force, and with force it is replaced, not
// followed: the data goes to a temporary file in the folder, which is
// renamed over the entry (a link is replaced by the file).
func writeNewConfig(name string, data []byte, force bool) error {
	if filepath.Base(name) != name {
		return fmt.Errorf("%s is not a file name in the current folder", name)
	}
	if fi, err := os.Lstat(name); err == nil {
		switch {
		case fi.IsDir():
			return usagef("init: %s is a folder; left alone", name)
		case !force && fi.Mode()&fs.ModeSymlink != 0:
			return usagef("init: %s already exists as a symbolic link (use --force to replace the link itself)", name)
		case !force:
			return usagef("init: %s already exists (use --force to overwrite)", name)
		}
	}
	tmp, err := os.CreateTemp(".", name+".guardrail-*")
	if err != nil {
		return err
	}
	ok := false
	defer func() {
		if !ok {
			tmp.Close()
			os.Remove(tmp.Name())
		}
	}()
	if _, err := tmp.Write(data); err != nil {
		return err
	}
	if err := tmp.Chmod(0o644); err != nil {
		return err
	}
	if err := tmp.Close(); err != nil {
		return err
	}
	if !force {
		// A hard link never replaces an entry created meanwhile.
		err := os.Link(tmp.Name(), name)
		if errors.Is(err, fs.ErrExist) {
			return usagef("init: %s already exists (use --force to overwrite)", name)
		}
		if err == nil {
			os.Remove(tmp.Name())
			ok = true
			return nil
		}
		// No hard links on this file system: rename.
	}
	if err := os.Rename(tmp.Name(), name); err != nil {
		return err
	}
	ok = true
	return nil
}
