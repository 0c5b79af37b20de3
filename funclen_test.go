package kintsugi_test

import (
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"io/fs"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// maxFuncLines is issue 16's "no function over about 100 lines outside
// tests": a function longer than a screen hides how many things it does.
const maxFuncLines = 100

// TestFunctionLength keeps the body of every function and method of the
// module, outside tests, at most maxFuncLines long, counted from its opening
// brace to its closing one (a long signature is not a long function). A
// function literal assigned at package level counts as a function; one inside
// a function counts towards that function.
func TestFunctionLength(t *testing.T) {
	fset := token.NewFileSet()
	files := 0
	err := filepath.WalkDir(".", func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() {
			// The go tool ignores testdata, vendor and names starting with
			// "." or "_"; node_modules is bench/peer's npm install.
			name := d.Name()
			if path != "." && (name == "testdata" || name == "vendor" || name == "node_modules" ||
				strings.HasPrefix(name, ".") || strings.HasPrefix(name, "_")) {
				return filepath.SkipDir
			}
			return nil
		}
		if !strings.HasSuffix(path, ".go") || strings.HasSuffix(path, "_test.go") {
			return nil
		}
		f, err := parser.ParseFile(fset, path, nil, parser.SkipObjectResolution)
		if err != nil {
			return err
		}
		files++
		for _, long := range longFuncs(fset, f) {
			t.Errorf("%s: split it into functions that each do one thing", long)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if files == 0 {
		t.Fatal("found no Go files to measure")
	}
}

// TestFunctionLengthCounts checks the measure itself: a body of exactly
// maxFuncLines passes, one line more fails, whatever kind of function holds
// it.
func TestFunctionLengthCounts(t *testing.T) {
	body := func(lines int) string { // lines from { to } inclusive
		return "{\n" + strings.Repeat("\t_ = 0\n", lines-2) + "}\n"
	}
	src := "package p\n\ntype T[P any] struct{}\n\n" +
		"func Fits()" + body(maxFuncLines) +
		"func TooLong()" + body(maxFuncLines+1) +
		"func (T[P]) Method()" + body(maxFuncLines+1) +
		"func (*T[P]) PtrLong()" + body(maxFuncLines+1) +
		"func (*T[P]) PtrMethod(\n\ta int,\n\tb int,\n)" + body(maxFuncLines) + // a long signature is fine
		"var lit = func()" + body(maxFuncLines+1) +
		"func Outer() {\n\tinner := func()" + body(maxFuncLines-10) + "\t_ = inner\n}\n"
	fset := token.NewFileSet()
	f, err := parser.ParseFile(fset, "p.go", src, 0)
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, long := range longFuncs(fset, f) {
		_, name, _ := strings.Cut(long, "the body of ")
		name, _, _ = strings.Cut(name, " is ")
		names = append(names, name)
	}
	if want := []string{"TooLong", "T.Method", "(*T).PtrLong", "func literal"}; !slices.Equal(names, want) {
		t.Errorf("too long: %q, want %q", names, want)
	}
}

// longFuncs describes each function of f whose body is over maxFuncLines.
func longFuncs(fset *token.FileSet, f *ast.File) []string {
	var out []string
	check := func(name string, body *ast.BlockStmt) {
		start, end := fset.Position(body.Lbrace), fset.Position(body.Rbrace)
		if lines := end.Line - start.Line + 1; lines > maxFuncLines {
			out = append(out, fmt.Sprintf("%s:%d: the body of %s is %d lines, over the %d of issue 16",
				filepath.ToSlash(start.Filename), start.Line, name, lines, maxFuncLines))
		}
	}
	for _, decl := range f.Decls {
		switch decl := decl.(type) {
		case *ast.FuncDecl:
			if decl.Body != nil { // an assembly or linkname declaration has none
				check(funcName(decl), decl.Body)
			}
		case *ast.GenDecl:
			ast.Inspect(decl, func(n ast.Node) bool {
				if lit, ok := n.(*ast.FuncLit); ok {
					check("func literal", lit.Body)
					return false
				}
				return true
			})
		}
	}
	return out
}

// funcName is fn's name as a reader looks for it: "(*T).M", "T.M" or "F".
func funcName(fn *ast.FuncDecl) string {
	if fn.Recv == nil || len(fn.Recv.List) == 0 {
		return fn.Name.Name
	}
	recv, star := fn.Recv.List[0].Type, ""
	if p, ok := recv.(*ast.StarExpr); ok {
		recv, star = p.X, "*"
	}
	switch idx := recv.(type) { // a generic receiver, T[P] or T[P, Q]
	case *ast.IndexExpr:
		recv = idx.X
	case *ast.IndexListExpr:
		recv = idx.X
	}
	typ := "?"
	if id, ok := recv.(*ast.Ident); ok {
		typ = id.Name
	}
	if star != "" {
		return "(" + star + typ + ")." + fn.Name.Name
	}
	return typ + "." + fn.Name.Name
}
