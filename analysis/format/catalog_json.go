package format

// jsonValid reports whether s is one JSON value, as json.Valid does, but
// without its nesting limit (encoding/json refuses documents nested more
// than 10,000 deep, and guardrail would then check nothing in them, with
// no word said). It is iterative: the open arrays and objects are a stack
// of bytes, so a document nested a million deep costs a megabyte, and the
// work is one pass over s. Like json.Valid it accepts invalid UTF-8 inside
// strings.
func jsonValid(s []byte) bool {
	var stack []byte // '[' or '{' per open container
	i := jsonSpace(s, 0)
	value := true // a value is expected at i
	for {
		if value {
			if i >= len(s) {
				return false
			}
			switch c := s[i]; {
			case c == '[' || c == '{':
				i = jsonSpace(s, i+1)
				if i < len(s) && s[i] == c+2 { // ']' or '}'
					i++
					value = false
					continue
				}
				stack = append(stack, c)
				if c == '{' {
					var ok bool
					if i, ok = jsonKey(s, i); !ok {
						return false
					}
				}
				continue
			case c == '"':
				var ok bool
				if i, ok = jsonString(s, i); !ok {
					return false
				}
			case c == 't':
				if !jsonLiteral(s, i, "true") {
					return false
				}
				i += 4
			case c == 'f':
				if !jsonLiteral(s, i, "false") {
					return false
				}
				i += 5
			case c == 'n':
				if !jsonLiteral(s, i, "null") {
					return false
				}
				i += 4
			case c == '-' || isDigit(c):
				var ok bool
				if i, ok = jsonNumber(s, i); !ok {
					return false
				}
			default:
				return false
			}
			value = false
			continue
		}
		// After a value.
		i = jsonSpace(s, i)
		if len(stack) == 0 {
			return i == len(s)
		}
		if i >= len(s) {
			return false
		}
		top := stack[len(stack)-1]
		switch c := s[i]; {
		case c == ',':
			i = jsonSpace(s, i+1)
			if top == '{' {
				var ok bool
				if i, ok = jsonKey(s, i); !ok {
					return false
				}
			}
			value = true
		case c == top+2:
			stack = stack[:len(stack)-1]
			i++
		default:
			return false
		}
	}
}

// jsonSpace skips JSON white space from i.
func jsonSpace(s []byte, i int) int {
	for i < len(s) && (s[i] == ' ' || s[i] == '\t' || s[i] == '\n' || s[i] == '\r') {
		i++
	}
	return i
}

// jsonKey reads an object key and its colon at i, returning where the
// value starts.
func jsonKey(s []byte, i int) (int, bool) {
	if i >= len(s) || s[i] != '"' {
		return i, false
	}
	i, ok := jsonString(s, i)
	if !ok {
		return i, false
	}
	i = jsonSpace(s, i)
	if i >= len(s) || s[i] != ':' {
		return i, false
	}
	return jsonSpace(s, i+1), true
}

// jsonString reads the string at s[i] ('"'), returning the position after
// it.
func jsonString(s []byte, i int) (int, bool) {
	for i++; i < len(s); i++ {
		switch c := s[i]; {
		case c == '"':
			return i + 1, true
		case c < 0x20:
			return i, false
		case c == '\\':
			i++
			if i >= len(s) {
				return i, false
			}
			switch s[i] {
			case '"', '\\', '/', 'b', 'f', 'n', 'r', 't':
			case 'u':
				if i+4 >= len(s) {
					return i, false
				}
				for k := i + 1; k <= i+4; k++ {
					if !isDigit(s[k]) && !isHexLetter(s[k]) {
						return i, false
					}
				}
				i += 4
			default:
				return i, false
			}
		}
	}
	return i, false
}

func jsonLiteral(s []byte, i int, lit string) bool {
	return len(s)-i >= len(lit) && string(s[i:i+len(lit)]) == lit
}

// jsonNumber reads the number at s[i], returning the position after it.
func jsonNumber(s []byte, i int) (int, bool) {
	if s[i] == '-' {
		i++
	}
	switch {
	case i < len(s) && s[i] == '0':
		i++
	case i < len(s) && s[i] >= '1' && s[i] <= '9':
		for i < len(s) && isDigit(s[i]) {
			i++
		}
	default:
		return i, false
	}
	if i < len(s) && s[i] == '.' {
		i++
		if i >= len(s) || !isDigit(s[i]) {
			return i, false
		}
		for i < len(s) && isDigit(s[i]) {
			i++
		}
	}
	if i < len(s) && (s[i] == 'e' || s[i] == 'E') {
		i++
		if i < len(s) && (s[i] == '+' || s[i] == '-') {
			i++
		}
		if i >= len(s) || !isDigit(s[i]) {
			return i, false
		}
		for i < len(s) && isDigit(s[i]) {
			i++
		}
	}
	return i, true
}
