//go:build !unix

package rules

const openNonBlock = 0
