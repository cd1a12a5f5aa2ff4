package analysis

var debugPath = "x.mdx"
var debugSrc = "import X from './x'\nexport const meta = {}\n\n# Title\n\n<Callout type=\"info\">\n  Some callout text.\n</Callout>\n\n<Foo bar={{a: 1}} />\n\nPara line<br>\nnext\rlone cr line\r\rNew para [t](</a b> (paren title)) and [u](x\n\"multi\nline\").\n\n* a\n\n  loose para\n\n  ```\n  code\n  ```\n1. one\n2. two [![img alt](i.png \"it\")](http://x \"lt\")\n"
