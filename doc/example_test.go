package doc_test

import (
	"fmt"
	"time"

	"github.com/kintsugi-app/kintsugi/doc"
)

func Example() {
	s := doc.NewShared()
	alex := doc.Partner{ID: "12D3KooWAlex", Name: "Alex"}
	sam := doc.Partner{ID: "12D3KooWSam", Name: "Sam"}
	if err := s.SetCouple(alex, sam); err != nil {
		panic(err)
	}
	id, err := s.AddCommitment(alex.ID, "Text when I will be late", doc.Daily)
	if err != nil {
		panic(err)
	}
	_ = s.MarkCommitment(id, "2025-03-01", true)
	_ = s.MarkCommitment(id, "2025-03-02", false)
	_ = s.MarkCommitment(id, "2025-03-03", true)
	_ = s.AcknowledgeCommitment(id, "2025-03-03", sam.ID)

	for _, p := range s.TrustAccount("") {
		fmt.Println(p.Date, "balance", p.Balance)
	}
	// Output:
	// 2025-03-01 balance 1
	// 2025-03-02 balance 0
	// 2025-03-03 balance 1
}

func ExampleShared_AddCheckIn() {
	s := doc.NewShared()
	_ = s.SetCouple(doc.Partner{ID: "a", Name: "Alex"}, doc.Partner{ID: "s", Name: "Sam"})
	_, err := s.AddCheckIn(doc.CheckIn{Author: "s", Safety: 11})
	fmt.Println(err)
	_, err = s.AddCheckIn(doc.CheckIn{Author: "s", Safety: 4, Trust: 3, Connection: 6, Feelings: []string{"hopeful"}})
	fmt.Println(err, len(s.CheckIns()))
	// Output:
	// invalid value: safety score 11 is outside 0–10
	// <nil> 1
}

func ExampleShared_ProposeBoundary() {
	s := doc.NewShared()
	_ = s.SetCouple(doc.Partner{ID: "a", Name: "Alex"}, doc.Partner{ID: "s", Name: "Sam"})
	id, _ := s.ProposeBoundary("s", "No contact with them", "We see the counsellor together")
	fmt.Println("in force:", s.Boundaries()[0].InForce)
	_ = s.AgreeBoundary(id, "a")
	fmt.Println("in force:", s.Boundaries()[0].InForce)
	_ = s.ReviseBoundary(id, "s", "No private contact with them", "We see the counsellor together")
	b := s.Boundaries()[0]
	fmt.Println("in force:", b.InForce, "earlier wordings:", len(b.History))
	// Output:
	// in force: false
	// in force: true
	// in force: false earlier wordings: 1
}

func ExampleShared_NoticeInteraction() {
	s := doc.NewShared()
	_ = s.SetCouple(doc.Partner{ID: "a", Name: "Alex"}, doc.Partner{ID: "s", Name: "Sam"})
	id, _ := s.AddInteraction("a", doc.Thoughtfulness, "Made tea")
	fmt.Println(s.NoticeInteraction(id, "a"))
	fmt.Println(s.NoticeInteraction(id, "s"))
	// Output:
	// invalid value: only the other partner can notice an interaction
	// <nil>
}

func ExampleBlameShiftingPhrases() {
	for _, f := range doc.BlameShiftingPhrases("I'm sorry you felt hurt, but I didn't mean to.") {
		fmt.Printf("%q\n", f.Phrase)
	}
	// Output:
	// "I'm sorry you felt"
	// "I didn't mean to"
}

func ExampleShared_Merge() {
	a := doc.NewShared()
	_ = a.SetCouple(doc.Partner{ID: "a", Name: "Alex"}, doc.Partner{ID: "s", Name: "Sam"})
	id, _ := a.AddCommitment("a", "I will call when I am late", doc.Daily)
	b, _ := a.Fork() // a copy that Alex edits offline for a while
	_ = a.EditCommitmentText(id, "a", "I will call you when I am late")
	_ = b.EditCommitmentText(id, "a", "I will call when I am late, before dinner")
	_ = a.Merge(b)
	c, _ := a.Commitment(id)
	fmt.Println(c.Text)
	// Output:
	// I will call you when I am late, before dinner
}

func ExampleJournal() {
	j := doc.NewJournal()
	now := time.Date(2025, 3, 20, 21, 0, 0, 0, time.UTC)
	for i, text := range []string{
		"Checked the phone again tonight",
		"The phone again. I hate that I look",
		"Counted how often I picked up the phone",
	} {
		_, _ = j.Add(doc.JournalEntry{Text: text, Time: now.AddDate(0, 0, -i)})
	}
	for _, th := range j.Loops(now) {
		fmt.Println(th.Word, len(th.Entries))
	}
	fmt.Println(len(j.Search("phone again")))
	// Output:
	// phone 3
	// 2
}

func ExampleShared_SaveIncremental() {
	s := doc.NewShared()
	_ = s.SetCouple(doc.Partner{ID: "a", Name: "Alex"}, doc.Partner{ID: "s", Name: "Sam"})
	file := s.Save() // the whole document, compacted

	// Each later action adds one small chunk to append to the file.
	_, _ = s.AddNeed("s", "I need us to talk about money once a month")
	file = append(file, s.SaveIncremental()...)

	loaded, err := doc.LoadShared(file)
	if err != nil {
		panic(err)
	}
	fmt.Println(len(loaded.Partners()), "partners,", len(loaded.Needs()), "need")
	_, err = doc.LoadShared([]byte("not a document"))
	fmt.Println(err != nil)
	// Output:
	// 2 partners, 1 need
	// true
}
