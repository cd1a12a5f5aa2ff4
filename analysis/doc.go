// Package analysis turns a document's text into findings: phrase
// matching, sentence context, suppression comments and fixes, on the
// checked text that package format scopes from each file format.
package analysis
